package dev.autoloss.jobs.drill;

/** The Kafka broker stopped and started again on its data; the job's clients reconnect. */
public final class KafkaRestart implements Fault<ClusterTrainJob> {

    @Override
    public String name() {
        return "kafka-restart";
    }

    @Override
    public void strikeAndRecover(ClusterTrainJob job) {
        job.cluster().restartKafka();
    }
}
