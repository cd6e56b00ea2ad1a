package dev.autoloss.model.features;

/**
 * One self-contained event line as read, before parsing.
 *
 * @param source     where it came from (a file name, "ml-100k/u.data", a Kafka topic), for error messages and event ids
 * @param lineNumber its 1-based line number in the source (headers count, so it matches what an editor shows)
 * @param line       the line without its line break; for ml100k already joined with its user and item
 */
public record RawRecord(String source, long lineNumber, String line) {}
