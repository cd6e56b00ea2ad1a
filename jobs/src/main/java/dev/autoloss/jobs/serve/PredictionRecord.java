package dev.autoloss.jobs.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What is served for one request, stored as JSON under {@link PredictionKeys#prediction}. Either a
 * prediction:
 * <pre>{"requestId":"r-17","version":12,"score":0.1834,"modelAgeMillis":5234,"scoredAtMillis":1718000000000}</pre>
 * (multiclass models give {@code "probabilities":[0.05,0.1,0.2,0.4,0.25]} instead of {@code score}), or
 * the reason there is none:
 * <pre>{"requestId":"r-18","error":{"reason":"BAD_NUMBER","field":"I3","value":"x",
 *  "message":"requests/0@18: numeric field does not parse (expected an integer): field I3 = 'x'"},"scoredAtMillis":1718000000000}</pre>
 *
 * @param requestId      the request id (the Kafka record key, or the line's source:line for {@code predict})
 * @param version        the model version that scored it (null on error)
 * @param score          the click probability (binary) or the predicted value (regression); null otherwise
 * @param probabilities  class probabilities (multiclass); null otherwise
 * @param modelAgeMillis how long before scoring that version was published (null on error)
 * @param scoredAtMillis when the record was made (epoch ms)
 * @param error          why there is no prediction (null when there is one)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionRecord(
        String requestId,
        Long version,
        Float score,
        float[] probabilities,
        Long modelAgeMillis,
        long scoredAtMillis,
        Failure error) {

    /** A request without a record key: its error record is stored under its position instead. */
    public static final String MISSING_REQUEST_ID = "MISSING_REQUEST_ID";
    /** No model version was published yet (or none could be loaded). */
    public static final String NO_MODEL = "NO_MODEL";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Why a request got no prediction.
     *
     * @param reason  a parser reason ({@link dev.autoloss.model.features.Reason}), {@link #NO_MODEL} or {@link #MISSING_REQUEST_ID}
     * @param field   the offending field (null when none applies)
     * @param value   the offending value (null when none applies)
     * @param message one line for people, naming where the request came from
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String reason, String field, String value, String message) {}

    /** A prediction by a model with {@code outputs} outputs, read from row {@code row} of a batch's scores. */
    public static PredictionRecord scored(String requestId, Scores scores, int row, long scoredAtMillis) {
        long age = Math.max(0, scoredAtMillis - scores.publishedAtMillis());
        if (scores.outputs() == 1) {
            return new PredictionRecord(requestId, scores.version(), scores.values()[row], null, age, scoredAtMillis, null);
        }
        return new PredictionRecord(requestId, scores.version(), null, scores.row(row), age, scoredAtMillis, null);
    }

    public static PredictionRecord failed(String requestId, Failure failure, long scoredAtMillis) {
        return new PredictionRecord(requestId, null, null, null, null, scoredAtMillis, failure);
    }

    public boolean failed() {
        return error != null;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the prediction record of request " + requestId, e);
        }
    }

    /** Parses a stored record; {@code key} names it in the error. */
    public static PredictionRecord fromJson(String key, String json) {
        try {
            return JSON.readValue(json, PredictionRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(key + ": not a prediction record: " + e.getOriginalMessage(), e);
        }
    }
}
