package dev.autoloss.model.features;

/**
 * One feature field of an {@link Example}: its name (the hash's field name), the column it reads and
 * how it turns that column's text into the value that is hashed.
 */
public record Feature(String name, int column, Encoding encoding) {}
