package dev.autoloss.jobs.train;

import dev.autoloss.jobs.kafka.KafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the trainer is behind the topic: the end offsets, fetched in the background so that the
 * trainer never waits for Kafka, minus the offsets the trainer has received.
 */
final class KafkaLag implements AutoCloseable {

    private final String topic;
    private final Admin admin;
    private final AtomicBoolean fetching = new AtomicBoolean();
    private volatile long[] endOffsets = new long[0];

    KafkaLag(KafkaCluster kafka, String topic) {
        this.topic = topic;
        this.admin = Admin.create(kafka.clientProperties());
    }

    /** Starts fetching the end offsets, unless a fetch is still under way; failures keep the last known ones. */
    void refresh() {
        if (!fetching.compareAndSet(false, true)) {
            return;
        }
        admin.describeTopics(List.of(topic)).allTopicNames().toCompletionStage()
                .thenCompose(topics -> {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    topics.get(topic).partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                    return admin.listOffsets(latest).all().toCompletionStage();
                })
                .whenComplete((offsets, error) -> {
                    if (error == null) {
                        long[] ends = new long[offsets.size()];
                        offsets.forEach((tp, info) -> {
                            if (tp.partition() < ends.length) {
                                ends[tp.partition()] = info.offset();
                            }
                        });
                        endOffsets = ends;
                    }
                    fetching.set(false);
                });
    }

    /** Events appended but not yet received, per the last fetch; -1 before the first. */
    long lag(long[] nextOffsets) {
        long[] ends = endOffsets;
        if (ends.length == 0) {
            return -1;
        }
        long lag = 0;
        for (int p = 0; p < ends.length; p++) {
            lag += Math.max(0, ends[p] - (p < nextOffsets.length ? nextOffsets[p] : 0));
        }
        return lag;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
