package dev.autoloss.jobs.snapshot;



import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Writes model versions to Redis so that a reader only ever sees complete ones: the chunks and the
 * manifest go first (with a TTL, so a crash mid-write leaves no garbage), then one Lua script checks
 * they are all there, makes them permanent, moves {@code latest} forward (never backwards) and announces
 * the version (a base version, kept for the deltas after it but never served, stops short of that); then versions beyond the newest K, and not needed as a delta's base, are deleted (UNLINK:
 * Redis frees them in the background). A reader still on a deleted version retries from the new latest.
 * One publisher per prefix (the training job's single trainer instance).
 */
public final class RedisSnapshotStore {

    /**
     * KEYS = latest, versions, manifest, chunk keys...; ARGV = version, channel, serve ("1": make it latest). Returns the
     * latest version after the call, or for a base version (serve "0") the version itself.
     */
    private static final String COMMIT = """
            local v = tonumber(ARGV[1])
            for i = 3, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 0 then
                return redis.error_reply('snapshot key ' .. KEYS[i] .. ' is missing: version ' .. ARGV[1] .. ' is incomplete')
              end
            end
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            if v <= current then
              return current
            end
            for i = 3, #KEYS do
              redis.call('PERSIST', KEYS[i])
            end
            redis.call('ZADD', KEYS[2], v, ARGV[1])
            if ARGV[3] == '1' then
              redis.call('SET', KEYS[1], ARGV[1])
              redis.call('PUBLISH', ARGV[2], ARGV[1])
            end
            return v
            """;

    private final RedisEndpoint redis;
    private final StoreSettings settings;
    private final SnapshotKeys keys;

    public RedisSnapshotStore(RedisEndpoint redis, StoreSettings settings) {
        this.redis = redis;
        this.settings = settings;
        this.keys = settings.keys();
    }

    /** The latest complete version, 0 when none was published under this prefix. */
    public long latestVersion() {
        return parseVersion(redis, redis.sync().get(keys.latest()));
    }

    /** The complete versions still kept, oldest first. */
    public List<Long> versions() {
        List<Long> versions = new ArrayList<>();
        for (byte[] member : redis.sync().zrange(keys.versions(), 0, -1)) {
            versions.add(parseVersion(redis, member));
        }
        return versions;
    }

    /**
     * Writes the version and makes it {@code latest} (a base version: only keeps it), unless a version at least as new
     * is already latest or a delta's base is no longer kept. Throws a Lettuce {@code RedisException} when Redis fails.
     */
    public PublishResult publish(SnapshotPayload payload) {
        long version = payload.version();
        long latest = latestVersion();
        if (version <= latest) {
            return PublishResult.refused(latest, "version " + version + " is not newer than the latest " + latest);
        }
        if (payload.base() != null && redis.sync().zscore(keys.versions(), ascii(payload.base())) == null) {
            return PublishResult.refused(latest, "delta " + version + " names base " + payload.base() + ", which is not a kept version");
        }
        List<SnapshotManifest.Chunk> chunks = writeChunks(version, payload.bytes());
        SnapshotManifest manifest = new SnapshotManifest(SnapshotManifest.FORMAT, version, payload.kind(), payload.base(),
                System.currentTimeMillis(), payload.bytes().length, chunks, payload.meta());
        redis.sync().set(keys.manifest(version), manifest.toJson().getBytes(StandardCharsets.UTF_8),
                SetArgs.Builder.ex(settings.uncommittedTtl()));

        List<String> commitKeys = new ArrayList<>();
        commitKeys.add(keys.latest());
        commitKeys.add(keys.versions());
        commitKeys.add(keys.manifest(version));
        commitKeys.addAll(keys.chunks(version, chunks.size()));
        Long after = redis.sync().eval(COMMIT, ScriptOutputType.INTEGER, commitKeys.toArray(String[]::new),
                ascii(version), keys.publishedChannel().getBytes(StandardCharsets.UTF_8), ascii(payload.serve() ? 1 : 0));
        if (after != version) {
            return PublishResult.refused(after, "version " + version + " is not newer than the latest " + after);
        }
        deleteOldVersions();
        return PublishResult.published(version);
    }

    /**
     * What the store serves, in one read of {@code latest} and its manifest.
     *
     * @param version the latest version (0 when none was published)
     * @param step    its trainer step when it is complete; empty when there is none or its manifest is gone (Redis
     *                restarted empty, or keys were deleted). A version without a step in its meta counts as step 0.
     */
    public record Served(long version, OptionalLong step) {}

    public Served served() {
        long latest = latestVersion();
        SnapshotManifest manifest = latest == 0 ? null : readManifest(latest);
        return new Served(latest, manifest == null ? OptionalLong.empty()
                : OptionalLong.of(Long.parseLong(manifest.meta().getOrDefault(SnapshotManifest.STEP, "0"))));
    }

    /** Replaces the status record and appends it to the capped history that {@code autoloss report} draws. */
    public void writeStatus(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        redis.sync().set(keys.status(), bytes);
        // approximate trimming (MAXLEN ~): Redis drops whole nodes of the stream, which is cheap
        redis.sync().xadd(keys.statusHistory(), XAddArgs.Builder.maxlen(SnapshotKeys.STATUS_HISTORY_LENGTH).approximateTrimming(),
                Map.of(SnapshotKeys.STATUS_HISTORY_FIELD, bytes));
    }

    private List<SnapshotManifest.Chunk> writeChunks(long version, byte[] bytes) {
        RedisAsyncCommands<String, byte[]> async = redis.connection().async();
        SetArgs uncommitted = SetArgs.Builder.ex(settings.uncommittedTtl());
        List<SnapshotManifest.Chunk> chunks = new ArrayList<>();
        List<RedisFuture<String>> writes = new ArrayList<>();
        int index = 0;
        // an empty payload is still one (empty) chunk, so that every version has keys to check
        for (int from = 0; from < bytes.length || index == 0; from += settings.chunkBytes()) {
            byte[] chunk = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + settings.chunkBytes()));
            chunks.add(new SnapshotManifest.Chunk(chunk.length, crc32c(chunk)));
            writes.add(async.set(keys.chunk(version, index++), chunk, uncommitted));
        }
        redis.awaitAll(RedisEndpoint.COMMAND_TIMEOUT.multipliedBy(chunks.size()), writes,
                "writing the " + chunks.size() + " chunks of version " + version);
        return chunks;
    }

    /** Deletes versions beyond the newest K, except bases of kept deltas. */
    private void deleteOldVersions() {
        List<Long> all = versions();
        if (all.size() <= settings.keepVersions()) {
            return;
        }
        RedisCommands<String, byte[]> sync = redis.sync();
        Set<Long> needed = new HashSet<>();
        for (Long kept : all.subList(all.size() - settings.keepVersions(), all.size())) {
            for (Long v = kept; v != null && needed.add(v); ) {
                SnapshotManifest manifest = readManifest(v);
                v = manifest == null ? null : manifest.base();
            }
        }
        for (Long old : all) {
            if (needed.contains(old)) {
                continue;
            }
            SnapshotManifest manifest = readManifest(old);
            sync.zrem(keys.versions(), ascii(old));
            List<String> doomed = new ArrayList<>(List.of(keys.manifest(old)));
            if (manifest != null) {
                doomed.addAll(keys.chunks(old, manifest.chunks().size()));
            }
            sync.unlink(doomed.toArray(String[]::new));
        }
    }

    private SnapshotManifest readManifest(long version) {
        byte[] json = redis.sync().get(keys.manifest(version));
        return json == null ? null : SnapshotManifest.fromJson(keys.manifest(version), new String(json, StandardCharsets.UTF_8));
    }

    static long crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    /** A version number as stored; anything else is a reply gone astray (see {@link RedisEndpoint#discardConnection()}). */
    static long parseVersion(RedisEndpoint redis, byte[] value) {
        try {
            return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            redis.discardConnection();
            throw new RedisException("Redis answered a version number with " + value.length + " bytes of something else: the connection is opened anew");
        }
    }

    private static byte[] ascii(long version) {
        return Long.toString(version).getBytes(StandardCharsets.US_ASCII);
    }
}
