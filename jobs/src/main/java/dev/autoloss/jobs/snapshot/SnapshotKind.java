package dev.autoloss.jobs.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A full snapshot stands alone; a delta is applied on top of the version it names as its base. */
public enum SnapshotKind {
    @JsonProperty("full")
    FULL,
    @JsonProperty("delta")
    DELTA
}
