package dev.autoloss.jobs.train;

import dev.autoloss.model.features.Example;

/**
 * A parsed event on its way to the trainer.
 *
 * @param example    the hashed example
 * @param validation whether the split sent it to validation rather than training
 * @param appendTime Kafka append time, or -1 when unknown (see {@link KafkaEvent})
 * @param partition  Kafka partition it came from
 * @param offset     Kafka offset it came from
 */
public record ParsedEvent(Example example, boolean validation, long appendTime, int partition, long offset) {}
