package dev.autoloss.jobs.train;

/**
 * An event that could not be parsed: it goes to the dead-letter topic with the reason, and is counted.
 *
 * @param key       the record's key (the event id), or null
 * @param line      the raw line as received
 * @param reason    the reason code (e.g. BAD_LABEL)
 * @param message   the parser's message naming the field and value
 * @param topic     the topic it was read from
 * @param partition Kafka partition
 * @param offset    Kafka offset
 */
public record RejectedEvent(String key, String line, String reason, String message, String topic, int partition, long offset) {}
