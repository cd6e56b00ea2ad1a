package dev.autoloss.jobs.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * A local cluster's Flink configuration, {@code CONF/config.yaml}: the lines of the resource
 * {@value #RESOURCE} (the settings every cluster of these jobs needs, declared there once for this and
 * {@code docker/}), then this cluster's own keys: addresses and ports on 127.0.0.1, the checkpoint,
 * savepoint and temporary folders, and the slots per TaskManager when chosen.
 */
final class FlinkConfig {

    static final String RESOURCE = "cluster/flink-config.yaml";
    static final String LOCALHOST = "127.0.0.1";

    /** {@code key: value}, flat, as the resource declares them (Flink 2's config.yaml and FLINK_PROPERTIES both read this). */
    private static final Pattern SETTING = Pattern.compile("^([A-Za-z0-9._-]+):\\s*(.*?)\\s*$");
    /** Values written as they are; anything else is quoted. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/:=-]+");

    private FlinkConfig() {}

    /** Writes {@code CONF/config.yaml}; {@code slots} (when present) replaces the resource's slots per TaskManager. */
    static void write(ClusterFolder folder, ClusterPorts ports, Optional<Integer> slots) {
        Map<String, String> own = clusterKeys(folder, ports, slots);
        List<String> lines = new ArrayList<>();
        lines.add("# Written by 'autoloss cluster up': the lines of the resource " + RESOURCE + ", then this cluster's own keys.");
        for (String line : resourceLines()) {
            Matcher m = SETTING.matcher(line);
            if (!(m.matches() && own.containsKey(m.group(1)))) {
                lines.add(line);
            }
        }
        lines.add("");
        lines.add("# this cluster: every process on 127.0.0.1, its folders under " + folder.root());
        own.forEach((key, value) -> lines.add(key + ": " + yaml(value)));
        try {
            Files.write(folder.conf().resolve("config.yaml"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Flink's configuration in " + folder.conf() + ": " + e.getMessage(), e);
        }
    }

    /** The resource's settings by key (what a test compares with, and what docker/ reads too). */
    static Map<String, String> sharedSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> lines = resourceLines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SETTING.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException(RESOURCE + ":" + (i + 1) + ": not a flat 'key: value' line: " + line);
            }
            settings.put(m.group(1), m.group(2));
        }
        return settings;
    }

    private static Map<String, String> clusterKeys(ClusterFolder folder, ClusterPorts ports, Optional<Integer> slots) {
        Map<String, String> keys = new LinkedHashMap<>();
        put(keys, JobManagerOptions.ADDRESS, LOCALHOST);
        put(keys, JobManagerOptions.BIND_HOST, LOCALHOST);
        put(keys, JobManagerOptions.PORT, ports.rpc());
        put(keys, RestOptions.ADDRESS, LOCALHOST);
        put(keys, RestOptions.BIND_ADDRESS, LOCALHOST);
        put(keys, RestOptions.PORT, ports.rest());
        put(keys, TaskManagerOptions.HOST, LOCALHOST);
        put(keys, TaskManagerOptions.BIND_HOST, LOCALHOST);
        slots.ifPresent(n -> put(keys, TaskManagerOptions.NUM_TASK_SLOTS, n));
        // jobs that name no checkpoint folder of their own (the train job does: --checkpoint-dir) checkpoint here
        put(keys, CheckpointingOptions.CHECKPOINTS_DIRECTORY, folder.checkpoints().toUri().toString());
        put(keys, CheckpointingOptions.SAVEPOINT_DIRECTORY, folder.savepoints().toUri().toString());
        put(keys, CoreOptions.TMP_DIRS, folder.tmp().toString());
        return keys;
    }

    private static void put(Map<String, String> keys, ConfigOption<?> option, Object value) {
        keys.put(option.key(), value.toString());
    }

    private static String yaml(String value) {
        return PLAIN.matcher(value).matches() ? value : "'" + value.replace("'", "''") + "'";
    }

    private static List<String> resourceLines() {
        try (InputStream in = FlinkConfig.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
