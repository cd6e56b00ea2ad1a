package dev.autoloss.jobs.replay;

import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.Reason;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The lines replay did not send: counted per reason, the first ones kept word for word for the report. */
public final class BadLines {

    public static final int SHOWN = 20;

    private final Map<Reason, Long> byReason = new EnumMap<>(Reason.class);
    private final List<String> first = new ArrayList<>();
    private long count;

    void add(BadRecordException e) {
        count++;
        byReason.merge(e.reason(), 1L, Long::sum);
        if (first.size() < SHOWN) {
            first.add(e.getMessage());
        }
    }

    public long count() {
        return count;
    }

    public Map<Reason, Long> byReason() {
        return Map.copyOf(byReason);
    }

    /** The messages of the first {@value #SHOWN} bad lines, each naming its file and line number. */
    public List<String> first() {
        return List.copyOf(first);
    }

    public void print(PrintStream out) {
        if (count == 0) {
            return;
        }
        first.forEach(out::println);
        if (count > first.size()) {
            out.println("... and " + (count - first.size()) + " more bad lines");
        }
        StringBuilder summary = new StringBuilder("bad lines: " + count + " (");
        byReason.forEach((reason, n) -> summary.append(reason.text()).append(": ").append(n).append(", "));
        summary.setLength(summary.length() - 2);
        out.println(summary.append(')'));
    }
}
