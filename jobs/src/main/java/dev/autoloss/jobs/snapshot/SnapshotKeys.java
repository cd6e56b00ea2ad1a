package dev.autoloss.jobs.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The Redis key layout of the model store, declared in one place (the README's table comes from here).
 * Every key starts with a prefix (default {@code autoloss}); wrap it in braces ({@code {autoloss}}) to
 * keep all keys in one Redis Cluster hash slot, which the atomic switch of {@code latest} needs there.
 *
 * <pre>
 * PREFIX:snapshot:latest              string   the newest complete version number ("17")
 * PREFIX:snapshot:versions            zset     complete versions still kept (member = score = version)
 * PREFIX:snapshot:v:N:manifest        string   JSON {@link SnapshotManifest} of version N
 * PREFIX:snapshot:v:N:chunk:I         bytes    chunk I (0-based) of version N's payload
 * PREFIX:snapshot:published           channel  pub/sub: the version number, once N became latest
 * PREFIX:status                       string   JSON status record of the training job
 * PREFIX:status:history               stream   every status record, field "json"; the last ~{@link #STATUS_HISTORY_LENGTH}
 * PREFIX:publisher                    string   the id of the train job publishing under the prefix (a lease, {@link PublisherLease})
 * </pre>
 */
public record SnapshotKeys(String prefix) {

    public static final String DEFAULT_PREFIX = "autoloss";
    /** Status records the history keeps (about: trimmed with MAXLEN ~): hours of a job at the default status interval. */
    public static final int STATUS_HISTORY_LENGTH = 10_000;
    /** The field of a history entry that holds the status record's JSON. */
    public static final String STATUS_HISTORY_FIELD = "json";

    public SnapshotKeys {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("Redis key prefix must not be empty");
        }
    }

    public String latest() {
        return prefix + ":snapshot:latest";
    }

    public String versions() {
        return prefix + ":snapshot:versions";
    }

    public String manifest(long version) {
        return prefix + ":snapshot:v:" + version + ":manifest";
    }

    public String chunk(long version, int index) {
        return prefix + ":snapshot:v:" + version + ":chunk:" + index;
    }

    public List<String> chunks(long version, int count) {
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(chunk(version, i));
        }
        return keys;
    }

    public String publishedChannel() {
        return prefix + ":snapshot:published";
    }

    public String status() {
        return prefix + ":status";
    }

    public String statusHistory() {
        return prefix + ":status:history";
    }

    public String publisherLease() {
        return prefix + ":publisher";
    }
}
