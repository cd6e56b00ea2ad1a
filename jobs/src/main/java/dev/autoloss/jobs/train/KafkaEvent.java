package dev.autoloss.jobs.train;

/**
 * One Kafka record of the events topic, as read.
 *
 * @param key        the event id (null when the producer sent none)
 * @param line       the raw event line
 * @param appendTime the broker's append time (epoch ms), or -1 when the topic keeps the producer's
 *                   timestamps (then the timestamp is the event time and says nothing about freshness)
 * @param partition  Kafka partition
 * @param offset     Kafka offset
 */
public record KafkaEvent(String key, String line, long appendTime, int partition, long offset) {

    /** Where the record sits, e.g. {@code events/0@1234}: the source named in parse errors. */
    public String position(String topic) {
        return topic + "/" + partition + "@" + offset;
    }
}
