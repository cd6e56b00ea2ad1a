package dev.autoloss.jobs.report;

/** One chart of a report: its title and its two files, relative to the report folder. */
record Chart(String title, String png, String svg) {}
