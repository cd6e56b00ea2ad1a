package dev.autoloss.jobs.serve;

import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Format;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a batch of requests into one {@link PredictionRecord} each, in order: the well-formed ones are
 * scored together by the follower's current version, every other one gets an error record saying why
 * (the parser's reason, field and value; no model yet; no request id). Nothing is dropped.
 * Thread-safe when its follower is (it is).
 */
public final class RequestScorer {

    private final RequestParser parser;
    private final ModelFollower follower;

    public RequestScorer(Format format, ModelFollower follower) {
        this.parser = new RequestParser(format);
        this.follower = follower;
    }

    public List<PredictionRecord> score(List<ScoringRequest> requests) {
        long now = System.currentTimeMillis();
        PredictionRecord[] records = new PredictionRecord[requests.size()];
        List<Example> examples = new ArrayList<>(requests.size());
        int[] rows = new int[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            ScoringRequest request = requests.get(i);
            rows[i] = -1;
            if (request.requestId() == null) {
                records[i] = PredictionRecord.failed(request.position(), new PredictionRecord.Failure(PredictionRecord.MISSING_REQUEST_ID,
                        null, null, request.position() + ": the request has no id (Kafka record key)"), now);
                continue;
            }
            try {
                examples.add(parser.parse(request));
                rows[i] = examples.size() - 1;
            } catch (BadRecordException e) {
                records[i] = PredictionRecord.failed(request.requestId(),
                        new PredictionRecord.Failure(e.reason().name(), e.field(), e.value(), e.getMessage()), now);
            }
        }
        if (!examples.isEmpty()) {
            fill(records, requests, rows, examples, now);
        }
        return Arrays.asList(records);
    }

    private void fill(PredictionRecord[] records, List<ScoringRequest> requests, int[] rows, List<Example> examples, long now) {
        Scores scores;
        try {
            scores = follower.score(examples);
        } catch (NoModelException e) {
            for (int i = 0; i < records.length; i++) {
                if (rows[i] >= 0) {
                    records[i] = PredictionRecord.failed(requests.get(i).requestId(),
                            new PredictionRecord.Failure(PredictionRecord.NO_MODEL, null, null, e.getMessage()), now);
                }
            }
            return;
        }
        for (int i = 0; i < records.length; i++) {
            if (rows[i] >= 0) {
                records[i] = PredictionRecord.scored(requests.get(i).requestId(), scores, rows[i], now);
            }
        }
    }
}
