package dev.autoloss.model.study;

/**
 * What a study's stream ingested.
 *
 * @param clicks             clicks generated
 * @param validationEvents   clicks held out for the controller, with clean labels
 * @param trainingEvents     events ingested for training: the other clicks, and the late conversions' duplicates
 * @param observedPositives  training events observed as positives (duplicates included)
 * @param falsePositives     training clicks observed as positives whose clean label is negative
 * @param fakeNegatives      training clicks first ingested as negatives whose clean (matured) label is positive
 * @param conversions        positive duplicates ingested when a late conversion came
 * @param lostConversions    late conversions that would have come after the stream's last event: never ingested
 */
public record StreamCounts(long clicks, long validationEvents, long trainingEvents, long observedPositives, long falsePositives,
        long fakeNegatives, long conversions, long lostConversions) {}
