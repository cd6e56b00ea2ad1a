package dev.autoloss.model.features;

/** One column of an input line, in order. */
public record Column(String name, FieldKind kind) {}
