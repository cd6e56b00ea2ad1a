package dev.autoloss.jobs.serve;

/**
 * One request to score: an id and an example line of the served format with its label field empty.
 *
 * @param requestId  the id the prediction is stored under (the Kafka record key); null when the request came without one
 * @param line       the example line
 * @param source     where it came from, for error messages (a Kafka topic/partition, a file name)
 * @param lineNumber its position there (Kafka offset, line number)
 */
public record ScoringRequest(String requestId, String line, String source, long lineNumber) {

    /** Where the request sits, e.g. {@code requests/0@17}: its id when it has none of its own. */
    public String position() {
        return source + "@" + lineNumber;
    }
}
