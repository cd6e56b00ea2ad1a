package dev.autoloss.jobs.cli;

import java.util.List;

/** Rows of cells printed as left-aligned columns two spaces apart (the tables of {@code experiment} and {@code study}). */
final class TextColumns {

    private TextColumns() {}

    /** Appends {@code rows} (each with as many cells as the first) to {@code out}, a line each, without trailing blanks. */
    static void append(StringBuilder out, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(String.format("%-" + (width[c] + 2) + "s", row.get(c)));
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
    }
}
