/**
 * The model store in Redis: publishing versions (full versions and deltas) under a prefix, and reading the
 * latest one back whole and verified. The words version, full version, delta and prefix are defined in the
 * glossary of {@link dev.autoloss.jobs.train}.
 */
package dev.autoloss.jobs.snapshot;
