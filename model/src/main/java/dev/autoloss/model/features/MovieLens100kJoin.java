package dev.autoloss.model.features;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins a MovieLens 100K rating (a u.data line: user \t item \t rating \t unixtime) with its user (u.user)
 * and item (u.item) into one self-contained tab-separated line:
 * <pre>
 *   user \t item \t rating \t timestamp \t age \t gender \t occupation \t genres
 * </pre>
 * where genres lists the item's genre flags by name in u.item's order, '|'-separated
 * (e.g. {@code Animation|Children's|Comedy}). An unknown user leaves age, gender and occupation
 * empty and an unknown item leaves genres empty (missing values, counted by the profile); a u.data line
 * that is not 4 fields passes through as it is, so the parser rejects it with its own line number.
 */
final class MovieLens100kJoin {

    static final String RATINGS = "u.data";
    static final String USERS = "u.user";
    static final String ITEMS = "u.item";

    /** u.item's 19 genre flags, in file order (u.genre in the original archive). */
    private static final String[] GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy",
        "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
        "Thriller", "War", "Western"};
    private static final int USER_FIELDS = 5;
    private static final int ITEM_FIELDS_BEFORE_GENRES = 5;
    private static final int RATING_FIELDS = 4;
    /** age, gender, occupation of an unknown user */
    private static final String UNKNOWN_USER = "\t\t";

    private final LineSplitter tabs = new LineSplitter("\t");
    private final Map<String, String> users;
    private final Map<String, String> items;

    private MovieLens100kJoin(Map<String, String> users, Map<String, String> items) {
        this.users = users;
        this.items = items;
    }

    /**
     * Loads u.user and u.item from the directory (blank lines ignored); an IOException names the file and
     * line of a broken entry: without its reference tables no rating can be joined, so this is not skippable.
     */
    static MovieLens100kJoin load(Path dir) throws IOException {
        Map<String, String> users = new HashMap<>();
        for (String[] f : table(dir.resolve(USERS), StandardCharsets.UTF_8, USER_FIELDS)) {
            users.put(f[0], f[1] + "\t" + f[2] + "\t" + f[3]);
        }
        Map<String, String> items = new HashMap<>();
        for (String[] f : table(dir.resolve(ITEMS), StandardCharsets.ISO_8859_1, ITEM_FIELDS_BEFORE_GENRES + GENRES.length)) {
            items.put(f[0], genres(f));
        }
        return new MovieLens100kJoin(users, items);
    }

    /** The joined line for a u.data line. */
    String join(String ratingLine) {
        if (tabs.count(ratingLine) != RATING_FIELDS) {
            return ratingLine;
        }
        String[] f = tabs.split(ratingLine, RATING_FIELDS);
        return ratingLine + "\t" + users.getOrDefault(f[0], UNKNOWN_USER) + "\t" + items.getOrDefault(f[1], "");
    }

    private static String genres(String[] item) {
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < GENRES.length; g++) {
            if ("1".equals(item[ITEM_FIELDS_BEFORE_GENRES + g])) {
                out.append(out.length() == 0 ? "" : "|").append(GENRES[g]);
            }
        }
        return out.toString();
    }

    private static List<String[]> table(Path file, Charset charset, int fields) throws IOException {
        LineSplitter bars = new LineSplitter("|");
        List<String[]> rows = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, charset)) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            int found = bars.count(line);
            if (found != fields) {
                throw new IOException(file + ":" + lineNumber + ": expected " + fields + " '|'-separated fields, found " + found);
            }
            rows.add(bars.split(line, fields));
        }
        return rows;
    }
}
