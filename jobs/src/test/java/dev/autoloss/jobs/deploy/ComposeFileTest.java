package dev.autoloss.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * docker/compose.yaml and its GPU override describe a cluster that can work, checked without a Docker engine: the
 * images can be built, the Flink processes get the settings of cluster/flink-config.yaml, no password is written
 * down, Kafka's KRaft settings agree, checkpoints are on one volume at one path, Redis demands its password.
 */
class ComposeFileTest {

    private static final List<String> FLINK_SERVICES = List.of("jobmanager", "taskmanager");
    private static final String JOB_CLIENT = "job";
    private static final String CLUSTER_SETTINGS = "/cluster/flink-config.yaml";
    private static final String REDIS_SECRET = "redis_password";
    /** A password read from a secret file where it is needed: $(cat /run/secrets/NAME), with $$ as Compose escapes $. */
    private static final Pattern SECRET_READ = Pattern.compile("\"?\\$\\$?\\(cat /run/secrets/[\\w.-]+\\)\"?");
    /** A shell word: quoted, a command substitution, or up to the next space. */
    private static final String WORD = "(\"[^\"]*\"|\\$\\$?\\([^)]*\\)|\\S+)";

    private static Path root;
    private static ComposeFile compose;
    private static ComposeFile gpuOverride;
    /** compose.yaml with compose.gpu.yaml applied: what `docker compose -f compose.yaml -f compose.gpu.yaml` runs. */
    private static ComposeFile gpu;

    @BeforeAll
    static void readComposeFiles() throws IOException {
        root = projectRoot();
        compose = ComposeFile.load(root.resolve("docker/compose.yaml"));
        gpuOverride = ComposeFile.load(root.resolve("docker/compose.gpu.yaml"));
        gpu = compose.with(gpuOverride);
    }

    @Test
    void everyServiceHasAnImageAndEveryBuildHasItsDockerfileAndSources() throws IOException {
        for (ComposeFile file : List.of(compose, gpu)) {
            for (String service : file.services().keySet()) {
                Object image = file.service(service).get("image");
                assertTrue(image instanceof String s && !s.isBlank(), service + " names no image");
                if (file.build(service).isEmpty()) {
                    continue;
                }
                ComposeFile.Build build = file.build(service).get();
                assertTrue(Files.isDirectory(build.context()), service + ": build context " + build.context() + " is missing");
                assertTrue(Files.isRegularFile(build.dockerfile()), service + ": Dockerfile " + build.dockerfile() + " is missing");
                Dockerfile dockerfile = Dockerfile.read(build.dockerfile());
                for (String source : dockerfile.contextSources()) {
                    assertTrue(Files.exists(build.context().resolve(source)),
                            build.dockerfile() + " copies " + source + ", which is not in its build context " + build.context());
                }
                for (String stage : dockerfile.stageNames()) {
                    assertTrue(dockerfile.instructions().stream().anyMatch(i -> i.arguments().contains("--from=" + stage)),
                            build.dockerfile() + ": stage " + stage + " is never copied from");
                }
            }
        }
    }

    @Test
    void imagesRunTheVersionsThePomPins() throws Exception {
        String flink = pomProperty("flink.version");
        for (String dockerfile : List.of("docker/flink/Dockerfile", "docker/flink-gpu/Dockerfile", "docker/job/Dockerfile")) {
            assertTrue(Dockerfile.read(root.resolve(dockerfile)).baseImages().contains("flink:" + flink + "-java17"),
                    dockerfile + " should build on flink:" + flink + "-java17 (flink.version in pom.xml)");
        }
        assertEquals("apache/kafka:" + pomProperty("kafka.version"), compose.service("kafka").get("image"),
                "the broker should be the release of kafka.version in pom.xml");
        assertEquals("redis:7.4", compose.service("redis").get("image"));
    }

    @Test
    void flinkServicesCarryEveryClusterSettingWithTheSameValue() throws IOException {
        Map<String, String> cluster = clusterSettings();
        assertFalse(cluster.isEmpty(), CLUSTER_SETTINGS + " holds no settings");
        for (ComposeFile file : List.of(compose, gpu)) {
            for (String service : FLINK_SERVICES) {
                Map<String, String> properties = flinkProperties(file, service);
                List<String> wrong = new ArrayList<>();
                cluster.forEach((key, value) -> {
                    if (!value.equals(properties.get(key))) {
                        wrong.add(key + ": " + value + " (FLINK_PROPERTIES has " + properties.get(key) + ")");
                    }
                });
                assertTrue(wrong.isEmpty(), service + "'s FLINK_PROPERTIES in docker/compose.yaml disagrees with "
                        + CLUSTER_SETTINGS + " on:\n  " + String.join("\n  ", wrong));
            }
        }
    }

    @Test
    void flinkPropertiesSurviveTheImageEntryPoint() {
        // Flink's docker-entrypoint.sh trims each FLINK_PROPERTIES line (some versions delete all its whitespace) and
        // splits it at the first colon: a comment becomes a bogus key, a value with spaces may lose them.
        Pattern line = Pattern.compile("[\\w.-]+: \\S+");
        for (String service : FLINK_SERVICES) {
            String properties = compose.environment(service).get("FLINK_PROPERTIES");
            assertTrue(properties != null && !properties.isBlank(), service + " has no FLINK_PROPERTIES");
            List<String> keys = new ArrayList<>();
            for (String text : properties.strip().split("\n")) {
                assertTrue(line.matcher(text.strip()).matches(), service + ": FLINK_PROPERTIES line '" + text
                        + "' is not `key: value` without spaces in the value, the only form the image's entry point reads");
                keys.add(text.substring(0, text.indexOf(':')).strip());
            }
            assertEquals(keys.size(), Set.copyOf(keys).size(), service + ": a key appears twice in FLINK_PROPERTIES: " + keys);
            assertEquals("jobmanager", flinkProperties(compose, service).get("jobmanager.rpc.address"),
                    service + ": jobmanager.rpc.address must name the JobManager's service");
        }
        assertTrue(compose.services().containsKey("jobmanager"));
    }

    @Test
    void tensorFlowIsInFlinkLibForEveryParentFirstPackage() throws IOException {
        // the classes loaded parent-first must be in Flink's lib/, or a job would find none of them (or its own copy)
        List<String> parentFirst = Arrays.asList(clusterSettings().get("classloader.parent-first-patterns.additional").split(";"));
        for (String dockerfile : List.of("docker/flink/Dockerfile", "docker/flink-gpu/Dockerfile")) {
            String run = Dockerfile.read(root.resolve(dockerfile)).all("RUN").stream()
                    .map(Dockerfile.Instruction::arguments).filter(a -> a.contains("dependency:copy-dependencies"))
                    .findFirst().orElseThrow(() -> new AssertionError(dockerfile + " copies no dependencies of the POM into lib/"));
            Matcher groups = Pattern.compile("-DincludeGroupIds=(\\S+)").matcher(run);
            assertTrue(groups.find(), dockerfile + ": copy-dependencies should name the groups it copies");
            List<String> copied = Arrays.asList(groups.group(1).split(","));
            for (String pattern : parentFirst) {
                assertTrue(copied.stream().anyMatch(group -> pattern.startsWith(group + ".")),
                        dockerfile + " puts no jar of package " + pattern + " (parent-first) into lib/; it copies " + copied);
            }
            assertTrue(run.contains("-f model/pom.xml"), dockerfile + " should copy what the model module resolves");
        }
    }

    @Test
    void checkpointVolumeIsMountedAtTheSamePathInJobManagerTaskManagersAndJobClient() throws IOException {
        Map<String, Object> volumes = ComposeFile.map(compose.root(), "volumes");
        String checkpointDir = flinkProperties(compose, "jobmanager").get("execution.checkpointing.dir");
        String savepointDir = flinkProperties(compose, "jobmanager").get("execution.checkpointing.savepoint-dir");
        assertTrue(checkpointDir != null && checkpointDir.startsWith("file:///"), "execution.checkpointing.dir should be a file:/// path, is " + checkpointDir);
        String volume = null;
        String target = null;
        for (ComposeFile.Mount mount : compose.mounts("jobmanager")) {
            if (volumes.containsKey(mount.source()) && checkpointDir.substring("file://".length()).startsWith(mount.target() + "/")) {
                volume = mount.source();
                target = mount.target();
            }
        }
        assertTrue(volume != null, "the JobManager mounts no named volume that holds " + checkpointDir);
        assertTrue(savepointDir != null && savepointDir.startsWith("file://" + target + "/"),
                "savepoints (" + savepointDir + ") should be on the checkpoint volume too, under " + target);
        for (ComposeFile file : List.of(compose, gpu)) {
            for (String service : List.of("jobmanager", "taskmanager", JOB_CLIENT)) {
                assertEquals(target, file.mountTarget(service, volume).orElse(null),
                        service + " should mount the volume " + volume + " at " + target + ", as the JobManager does");
            }
        }
        for (String service : List.of("jobmanager", "taskmanager", JOB_CLIENT)) {
            // a fresh named volume takes its owner from the image's folder: the folder must exist, made for Flink's user
            Path dockerfile = gpu.build(service).orElseThrow().dockerfile();
            String text = Files.readString(dockerfile);
            assertTrue(text.contains("mkdir -p " + target) && text.contains("chown -R flink:flink " + target),
                    dockerfile + " should create " + target + " owned by flink, or a fresh volume is not writable");
        }
    }

    @Test
    void noPasswordIsWrittenInEitherComposeFile() throws IOException {
        Pattern uriWithUser = Pattern.compile("rediss?://[^\\s/@]*@");
        Pattern requirepass = Pattern.compile("requirepass\\s+" + WORD);
        Pattern credentialAssignment = Pattern.compile("\\b(\\w*(?:PASS|AUTH|SECRET|TOKEN)\\w*)=" + WORD, Pattern.CASE_INSENSITIVE);
        for (String name : List.of("compose.yaml", "compose.gpu.yaml")) {
            ComposeFile file = ComposeFile.load(root.resolve("docker").resolve(name));
            Map<String, String> scalars = new LinkedHashMap<>();
            collectScalars("", file.root(), scalars);
            scalars.forEach((where, value) -> {
                assertFalse(uriWithUser.matcher(value).find(), name + " " + where + ": a Redis URI with credentials: " + value);
                assertFalse(value.contains("--requirepass"), name + " " + where + ": a password on a command line");
                Matcher m = requirepass.matcher(value);
                while (m.find()) {
                    assertTrue(SECRET_READ.matcher(m.group(1)).matches(), name + " " + where + ": requirepass " + m.group(1)
                            + " should be read from a secret file, $(cat /run/secrets/NAME)");
                }
                Matcher assignment = credentialAssignment.matcher(value);
                while (assignment.find()) {
                    assertTrue(SECRET_READ.matcher(assignment.group(2)).matches(),
                            name + " " + where + ": " + assignment.group(1) + " is set to something not read from a secret file");
                }
                // a mapping key that names a credential holds a path to it, never the credential (`secrets:` lists names)
                String mapPath = where.replaceAll("\\[\\d+]", "");
                String key = mapPath.substring(mapPath.lastIndexOf('.') + 1);
                if (key.matches("(?i).*(pass|secret|token|auth).*") && !key.equals("secrets")) {
                    assertTrue(value.isEmpty() || value.startsWith("/run/secrets/") || value.startsWith("./secrets/"),
                            name + " " + where + ": a credential written in the file");
                }
            });
        }
        Map<String, Object> secrets = ComposeFile.map(compose.root(), "secrets");
        assertTrue(secrets.containsKey(REDIS_SECRET), "compose.yaml declares no secret " + REDIS_SECRET);
        secrets.forEach((name, spec) -> {
            Object source = ComposeFile.cast(spec).get("file");
            assertTrue(source instanceof String path && path.startsWith("./secrets/"),
                    "secret " + name + " should be a file under docker/secrets/, is " + spec);
        });
        assertTrue(Files.readAllLines(root.resolve(".gitignore")).contains("/docker/secrets/"), ".gitignore should keep docker/secrets/ out of Git");
        assertTrue(Files.readAllLines(root.resolve(".dockerignore")).contains("docker/secrets/"),
                ".dockerignore should keep docker/secrets/ out of every build context (the project root)");
    }

    @Test
    void redisDemandsThePasswordFromTheSecretAndKeepsAnAppendOnlyFileOnAVolume() throws IOException {
        Map<String, Object> redis = compose.service("redis");
        assertTrue(ComposeFile.list(redis, "secrets").contains(REDIS_SECRET), "the redis service does not get the secret " + REDIS_SECRET);
        String command = compose.command("redis");
        Matcher requirepass = Pattern.compile("requirepass\\s+" + WORD).matcher(command);
        assertTrue(requirepass.find() && requirepass.group(1).contains("/run/secrets/" + REDIS_SECRET),
                "redis-server should get requirepass from /run/secrets/" + REDIS_SECRET + ", its command is: " + command);

        Path conf = null;
        String dataDir = null;
        for (ComposeFile.Mount mount : compose.mounts("redis")) {
            if (mount.source().startsWith(".") && command.contains(mount.target())) {
                conf = compose.directory().resolve(mount.source()).normalize();
            }
            if (ComposeFile.map(compose.root(), "volumes").containsKey(mount.source())) {
                dataDir = mount.target();
            }
        }
        assertTrue(conf != null && Files.isRegularFile(conf), "redis-server should read a redis.conf mounted from docker/redis/, found " + conf);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(conf)) {
            String[] keyValue = line.strip().split("\\s+", 2);
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                settings.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
            }
        }
        assertFalse(settings.containsKey("requirepass"), conf + " should not hold the password");
        assertEquals("yes", settings.get("appendonly"), conf + ": AOF persistence");
        assertTrue(dataDir != null && dataDir.equals(settings.get("dir")),
                conf + ": dir " + settings.get("dir") + " should be the named volume's mount point " + dataDir);
        Object healthcheck = ComposeFile.map(redis, "healthcheck").get("test");
        assertTrue(String.valueOf(healthcheck).contains("REDISCLI_AUTH"), "the health check must authenticate (REDISCLI_AUTH): " + healthcheck);
        assertTrue(ComposeFile.list(compose.service(JOB_CLIENT), "secrets").contains(REDIS_SECRET),
                "the job client needs the secret to reach Redis");
    }

    @Test
    void kraftSettingsAgree() {
        Map<String, String> env = compose.environment("kafka");
        Set<String> services = compose.services().keySet();
        assertEquals(Set.of("broker", "controller"), Set.of(env.get("KAFKA_PROCESS_ROLES").split(",")), "one node, broker and controller");
        assertTrue(env.getOrDefault("CLUSTER_ID", "").matches("[A-Za-z0-9_-]{22}"), "CLUSTER_ID should be a base64 UUID: " + env.get("CLUSTER_ID"));

        Map<String, String> listenerPorts = listeners(env.get("KAFKA_LISTENERS"));
        Set<String> protocols = Arrays.stream(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(","))
                .map(p -> p.substring(0, p.indexOf(':'))).collect(Collectors.toSet());
        assertEquals(listenerPorts.keySet(), protocols, "every listener needs a security protocol, and only listeners have one");
        String controller = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
        assertTrue(listenerPorts.containsKey(controller), "the controller listener " + controller + " is not among KAFKA_LISTENERS");
        assertTrue(listenerPorts.containsKey(env.get("KAFKA_INTER_BROKER_LISTENER_NAME")), "the inter-broker listener is not among KAFKA_LISTENERS");

        String nodeId = env.get("KAFKA_NODE_ID");
        List<String> voters = List.of(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","));
        String self = voters.stream().filter(v -> v.startsWith(nodeId + "@")).findFirst()
                .orElseThrow(() -> new AssertionError("node " + nodeId + " is not among the quorum voters " + voters));
        String[] hostPort = self.substring(self.indexOf('@') + 1).split(":");
        assertTrue(services.contains(hostPort[0]), "quorum voter host " + hostPort[0] + " is no service name, so it does not resolve");
        assertEquals(listenerPorts.get(controller), hostPort[1], "the quorum voter's port should be the controller listener's");

        Map<String, String> advertised = new LinkedHashMap<>();
        for (String listener : env.get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
            Matcher m = Pattern.compile("(\\w+)://([^:]+):(\\d+)").matcher(listener);
            assertTrue(m.matches(), "advertised listener " + listener + " is not NAME://HOST:PORT");
            assertTrue(services.contains(m.group(2)), "advertised host " + m.group(2) + " is no service name: clients in other containers cannot resolve it");
            assertEquals(listenerPorts.get(m.group(1)), m.group(3), "advertised " + listener + " should use its listener's port");
            advertised.put(m.group(1), m.group(2) + ":" + m.group(3));
        }
        assertFalse(advertised.containsKey(controller), "the controller listener must not be advertised to clients");
        for (String key : env.keySet()) {
            if (key.endsWith("_REPLICATION_FACTOR") || key.endsWith("_MIN_ISR")) {
                assertEquals("1", env.get(key), key + " on a single broker");
            }
        }
        assertTrue(compose.mounts("kafka").stream().anyMatch(m -> m.target().equals(env.get("KAFKA_LOG_DIRS"))
                        && ComposeFile.map(compose.root(), "volumes").containsKey(m.source())),
                "KAFKA_LOG_DIRS " + env.get("KAFKA_LOG_DIRS") + " should be on a named volume");
    }

    @Test
    void gpuOverrideRequestsAnNvidiaGpuForTaskManagersOnTensorFlowsCudaBuild() throws IOException {
        Map<String, Object> taskmanager = gpuOverride.service("taskmanager");
        List<Object> devices = ComposeFile.list(ComposeFile.map(ComposeFile.map(ComposeFile.map(taskmanager, "deploy"), "resources"), "reservations"), "devices");
        assertTrue(devices.stream().map(ComposeFile::cast).anyMatch(d -> "nvidia".equals(d.get("driver"))
                        && d.get("capabilities") instanceof List<?> caps && caps.contains("gpu")),
                "compose.gpu.yaml's taskmanager should reserve a device with driver nvidia and capabilities [gpu]: " + devices);
        assertFalse(gpuOverride.services().containsKey("jobmanager"), "the JobManager runs no TensorFlow and needs no GPU");

        Path dockerfile = gpu.build("taskmanager").orElseThrow().dockerfile();
        assertEquals(root.resolve("docker/flink-gpu/Dockerfile"), dockerfile);
        Dockerfile image = Dockerfile.read(dockerfile);
        // TensorFlow 2.18, which tensorflow-java 1.1.0 wraps, was built with CUDA 12.5 and cuDNN 9.3
        assertTrue(image.baseImages().stream().anyMatch(i -> i.matches("nvidia/cuda:12\\.5\\.\\d+-runtime-ubuntu[\\d.]+")),
                dockerfile + " should run on a CUDA 12.5 runtime image: " + image.baseImages());
        assertTrue(image.all("ARG").stream().anyMatch(a -> a.arguments().matches("CUDNN_PACKAGE_VERSION=9\\.3\\.[\\d.]+-1"))
                        && Files.readString(dockerfile).contains("libcudnn9-cuda-12=${CUDNN_PACKAGE_VERSION}"),
                dockerfile + " should install cuDNN 9.3 at its exact version");
        assertTrue(image.all("RUN").stream().anyMatch(r -> r.arguments().contains("-Pgpu") && r.arguments().contains("dependency:copy-dependencies")),
                dockerfile + " should copy the gpu profile's TensorFlow (classifier linux-x86_64-gpu) into Flink's lib/");
        assertEquals(flinkProperties(compose, "taskmanager"), flinkProperties(gpu, "taskmanager"),
                "the GPU TaskManagers should keep compose.yaml's Flink settings");
    }

    /** The flat `key: value` lines of the resource cluster/flink-config.yaml, the settings every cluster needs. */
    private static Map<String, String> clusterSettings() throws IOException {
        try (InputStream in = ComposeFileTest.class.getResourceAsStream(CLUSTER_SETTINGS)) {
            if (in == null) {
                fail("resource " + CLUSTER_SETTINGS + " is not on the class path");
            }
            return flatSettings(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Map<String, String> flinkProperties(ComposeFile file, String service) {
        return flatSettings(file.environment(service).getOrDefault("FLINK_PROPERTIES", ""));
    }

    private static Map<String, String> flatSettings(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            int colon = trimmed.indexOf(": ");
            if (trimmed.isEmpty() || trimmed.startsWith("#") || colon < 0) {
                continue;
            }
            settings.put(trimmed.substring(0, colon).strip(), trimmed.substring(colon + 2).strip());
        }
        return settings;
    }

    /** NAME://[HOST]:PORT,... as listener name -> port. */
    private static Map<String, String> listeners(String spec) {
        Map<String, String> ports = new LinkedHashMap<>();
        for (String listener : spec.split(",")) {
            ports.put(listener.substring(0, listener.indexOf("://")), listener.substring(listener.lastIndexOf(':') + 1));
        }
        return ports;
    }

    private static void collectScalars(String path, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectScalars(path + "." + key, value, into));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectScalars(path + "[" + i + "]", list.get(i), into);
            }
        } else if (node != null) {
            into.put(path, String.valueOf(node));
        }
    }

    private static String pomProperty(String name) throws Exception {
        Element properties = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(root.resolve("pom.xml").toFile()).getDocumentElement().getElementsByTagName("properties").item(0);
        return properties.getElementsByTagName(name).item(0).getTextContent().strip();
    }

    /** The folder holding docker/compose.yaml, looked for from the working directory (jobs/ under Maven) upwards. */
    private static Path projectRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/compose.yaml"))) {
                return dir;
            }
        }
        throw new AssertionError("no docker/compose.yaml in " + Paths.get("").toAbsolutePath() + " or above");
    }
}
