package dev.autoloss.jobs.train;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * An order-independent fingerprint of a multiset of event ids: the sum of their 64-bit hashes. Two runs
 * trained on the same events, each once, have the same digest in any order; an event lost or trained
 * twice changes it (a loss and a duplicate cancel only on a 64-bit hash collision).
 */
public final class EventIdDigest {

    public static final long EMPTY = 0;

    private EventIdDigest() {}

    public static long add(long digest, String eventId) {
        return digest + MurmurHash3.hash128x64(eventId.getBytes(StandardCharsets.UTF_8))[1];
    }
}
