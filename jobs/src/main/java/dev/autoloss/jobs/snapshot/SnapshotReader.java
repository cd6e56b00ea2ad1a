package dev.autoloss.jobs.snapshot;



import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the latest complete version: follows a delta's base back to its full snapshot, reads every
 * chunk and checks its size and CRC32C. A version that expires while being read (the publisher moved
 * on by K versions meanwhile) is retried from the new {@code latest}.
 */
public final class SnapshotReader {

    private static final int ATTEMPTS = 3;

    private final RedisEndpoint redis;
    private final SnapshotKeys keys;

    public SnapshotReader(RedisEndpoint redis, SnapshotKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * The latest version, or empty when nothing was published under this prefix.
     *
     * @throws InconsistentVersionException when its keys do not add up
     * @throws VersionGoneException when each of the attempts found the version it read expired meanwhile
     */
    public Optional<AssembledSnapshot> readLatest() {
        VersionGoneException gone = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long latest = latestVersion();
            if (latest == 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(read(latest));
            } catch (VersionGoneException e) {
                gone = e;
            }
        }
        throw new VersionGoneException("the latest version kept disappearing while being read: " + gone.getMessage());
    }

    public long latestVersion() {
        return RedisSnapshotStore.parseVersion(redis, redis.sync().get(keys.latest()));
    }

    /** Version {@code version} with its chain; throws {@link VersionGoneException} when it is no longer stored. */
    public AssembledSnapshot read(long version) {
        List<AssembledSnapshot.Part> chain = new ArrayList<>();
        SnapshotManifest top = manifest(version);
        for (SnapshotManifest m = top; ; m = manifest(m.base())) {
            chain.add(0, new AssembledSnapshot.Part(m, payload(m)));
            if (m.kind() == SnapshotKind.FULL) {
                break;
            }
            if (m.base() >= m.version()) { // bases strictly decrease, so a corrupt manifest cannot make a cycle
                throw new InconsistentVersionException(keys.manifest(m.version()) + ": base " + m.base() + " does not precede it");
            }
        }
        return new AssembledSnapshot(top, chain.get(0), chain.subList(1, chain.size()));
    }

    /** Version {@code version}'s manifest, or empty when it is no longer stored. */
    public Optional<SnapshotManifest> manifestIfKept(long version) {
        try {
            return Optional.of(manifest(version));
        } catch (VersionGoneException e) {
            return Optional.empty();
        }
    }

    private SnapshotManifest manifest(long version) {
        String key = keys.manifest(version);
        byte[] json = redis.sync().get(key);
        if (json == null) {
            throw new VersionGoneException(key + " is gone");
        }
        SnapshotManifest manifest = SnapshotManifest.fromJson(key, new String(json, StandardCharsets.UTF_8));
        if (manifest.version() != version) {
            throw new InconsistentVersionException(key + ": manifest says version " + manifest.version());
        }
        return manifest;
    }

    private byte[] payload(SnapshotManifest manifest) {
        long version = manifest.version();
        RedisAsyncCommands<String, byte[]> async = redis.connection().async();
        List<RedisFuture<byte[]>> reads = new ArrayList<>();
        for (String key : keys.chunks(version, manifest.chunks().size())) {
            reads.add(async.get(key));
        }
        redis.awaitAll(RedisEndpoint.COMMAND_TIMEOUT.multipliedBy(reads.size()), reads, "reading the chunks of version " + version);
        if (manifest.bytes() > Integer.MAX_VALUE - 8) {
            throw new InconsistentVersionException(keys.manifest(version) + ": " + manifest.bytes() + " bytes is too large for one array");
        }
        byte[] bytes = new byte[(int) manifest.bytes()];
        int at = 0;
        for (int i = 0; i < reads.size(); i++) {
            String key = keys.chunk(version, i);
            byte[] chunk = reads.get(i).toCompletableFuture().join();
            if (chunk == null) {
                throw new VersionGoneException(key + " is gone");
            }
            SnapshotManifest.Chunk expected = manifest.chunks().get(i);
            if (chunk.length != expected.bytes() || RedisSnapshotStore.crc32c(chunk) != expected.crc32c()) {
                throw new InconsistentVersionException(key + ": " + chunk.length + " bytes with CRC32C " + RedisSnapshotStore.crc32c(chunk)
                        + ", the manifest says " + expected.bytes() + " bytes with CRC32C " + expected.crc32c());
            }
            if (at + chunk.length > bytes.length) {
                throw new InconsistentVersionException(keys.manifest(version) + ": chunks add up to more than its " + bytes.length + " bytes");
            }
            System.arraycopy(chunk, 0, bytes, at, chunk.length);
            at += chunk.length;
        }
        if (at != bytes.length) {
            throw new InconsistentVersionException(keys.manifest(version) + ": chunks add up to " + at + " bytes, not " + bytes.length);
        }
        return bytes;
    }

    /** The version expired or was never completed; the caller may retry from the current latest. */
    public static final class VersionGoneException extends RuntimeException {
        VersionGoneException(String message) {
            super(message);
        }
    }
}
