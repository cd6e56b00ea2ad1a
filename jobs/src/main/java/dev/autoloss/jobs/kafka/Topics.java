package dev.autoloss.jobs.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the topics the project writes to, when they do not exist yet. */
public final class Topics {

    private static final long TIMEOUT_SECONDS = 30;

    private Topics() {}

    /**
     * Makes sure {@code topic} exists; creates it with {@code partitions} partitions and the broker's
     * default replication factor when it does not (an existing topic is left as it is).
     */
    public static void ensure(KafkaCluster kafka, String topic, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            if (admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs);
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            awaitLeaders(admin, topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create Kafka topic " + topic + " at " + kafka + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + kafka + " did not answer in " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topic " + topic, e);
        }
    }

    /**
     * Waits until every partition has a leader in the broker's metadata: a producer writing to a topic
     * whose leaders are not yet known gets NOT_LEADER_OR_FOLLOWER, and its idempotent retries can then be
     * refused as out of order until the delivery timeout drops the records (seen on a fresh broker).
     */
    private static void awaitLeaders(Admin admin, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
        throw new TimeoutException("topic " + topic + " has partitions without a leader after " + TIMEOUT_SECONDS + " s");
    }
}
