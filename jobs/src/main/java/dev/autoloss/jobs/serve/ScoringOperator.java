package dev.autoloss.jobs.serve;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores requests in micro-batches (up to {@code --batch-size}, or whatever arrived within
 * {@code --batch-delay}) with the latest model version, which its own {@link ModelFollower} keeps
 * loaded. Every request leaves as one {@link PredictionRecord}, a prediction or an error, with the
 * others of its batch (one stream element per batch, so the sink writes a batch at once). The batch is
 * emptied before each checkpoint barrier, so a completed checkpoint covers only scored requests.
 */
final class ScoringOperator extends AbstractStreamOperator<List<PredictionRecord>>
        implements OneInputStreamOperator<ScoringRequest, List<PredictionRecord>>, BoundedOneInput {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringOperator.class);

    private final ScoreOptions options;

    private transient ModelFollower follower;
    private transient RequestScorer scorer;
    private transient List<ScoringRequest> batch;
    private transient boolean flushScheduled;
    private transient Counter scored;
    private transient Counter failed;

    ScoringOperator(ScoreOptions options) {
        this.options = options;
    }

    @Override
    public void open() throws Exception {
        super.open();
        batch = new ArrayList<>(options.batchSize);
        follower = PublishedModel.follow(options.redis, options.format, options.pollInterval);
        scorer = new RequestScorer(options.format, follower);
        scored = getMetricGroup().counter("requestsScored");
        failed = getMetricGroup().counter("requestsFailed");
        getMetricGroup().gauge("modelVersion", follower::version);
        if (!follower.awaitVersion(1, options.modelWait)) {
            LOG.warn("no model version under {} after {} s; requests get NO_MODEL errors until one is published",
                    options.redis.snapshotKeys().latest(), options.modelWait.toSeconds());
        }
    }

    @Override
    public void processElement(StreamRecord<ScoringRequest> request) {
        batch.add(request.getValue());
        if (batch.size() >= options.batchSize) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            long due = getProcessingTimeService().getCurrentProcessingTime() + options.batchDelay.toMillis();
            getProcessingTimeService().registerTimer(due, time -> {
                flushScheduled = false;
                flush();
            });
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void close() throws Exception {
        try {
            if (follower != null) {
                follower.close();
            }
        } finally {
            super.close();
        }
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<PredictionRecord> records = scorer.score(batch);
        for (PredictionRecord record : records) {
            (record.failed() ? failed : scored).inc();
        }
        output.collect(new StreamRecord<>(records));
        batch.clear();
    }
}
