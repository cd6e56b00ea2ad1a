package dev.autoloss.jobs.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * What a reader needs to assemble and verify one version: written after all its chunks, before the
 * version may become {@code latest}. Stored as JSON, e.g.
 * <pre>{"format":1,"version":7,"kind":"delta","base":5,"createdAtMillis":1718000000000,"bytes":9437184,
 *  "chunks":[{"bytes":8388608,"crc32c":123456789},{"bytes":1048576,"crc32c":987654321}],
 *  "meta":{"step":"420","eventsTrained":"840000"}}</pre>
 *
 * @param format          layout version of this manifest (1)
 * @param version         the snapshot version, increasing
 * @param kind            full or delta
 * @param base            for a delta, the version it applies to (null for a full snapshot)
 * @param createdAtMillis when the publisher wrote it (epoch ms)
 * @param bytes           payload size, the sum of the chunk sizes
 * @param chunks          size and CRC32C of each chunk, in order
 * @param meta            free-form facts about the state (trainer step, events trained, model settings)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotManifest(
        int format,
        long version,
        SnapshotKind kind,
        Long base,
        long createdAtMillis,
        long bytes,
        List<Chunk> chunks,
        Map<String, String> meta) {

    public static final int FORMAT = 1;
    /** The meta key of the trainer step a version holds. */
    public static final String STEP = "step";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Size and CRC32C (as an unsigned 32-bit value) of one chunk. */
    public record Chunk(int bytes, long crc32c) {}

    public SnapshotManifest {
        chunks = List.copyOf(chunks);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        if ((kind == SnapshotKind.DELTA) != (base != null)) {
            throw new IllegalArgumentException("version " + version + ": a delta needs a base and a full snapshot has none");
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest of version " + version, e);
        }
    }

    /** Parses a manifest read from {@code key}; a malformed one is reported with its key. */
    public static SnapshotManifest fromJson(String key, String json) {
        try {
            SnapshotManifest manifest = JSON.readValue(json, SnapshotManifest.class);
            if (manifest.format() != FORMAT) {
                throw new InconsistentVersionException(key + ": manifest format " + manifest.format() + " is not the supported " + FORMAT);
            }
            return manifest;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InconsistentVersionException(key + ": unreadable manifest: " + e.getMessage());
        }
    }
}
