package dev.autoloss.jobs.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoloss.model.features.Example;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's own predictions on a few fixed examples (the first events of the stream), published in
 * every version's manifest ({@code meta.probe}) so that any reader can check that the model it
 * assembled predicts exactly what the trainer did. JSON:
 * {@code {"eventIds":["criteo.tsv:1",...],"keys":[[123,-45,...],...],"predictions":[0.27,...]}},
 * predictions row-major {@code [examples x outputs]}.
 */
public record Probe(List<String> eventIds, List<long[]> keys, float[] predictions) {

    /** Examples in the probe. */
    public static final int SIZE = 16;
    public static final String META_KEY = "probe";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Probe of(List<Example> examples, float[] predictions) {
        List<String> ids = new ArrayList<>();
        List<long[]> keys = new ArrayList<>();
        for (Example example : examples) {
            ids.add(example.eventId());
            keys.add(example.keys());
        }
        return new Probe(ids, keys, predictions);
    }

    /** The probe's examples, unlabelled, ready for a predictor. */
    public List<Example> examples() {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < eventIds.size(); i++) {
            examples.add(new Example(eventIds.get(i), -1, Float.NaN, keys.get(i)));
        }
        return examples;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the probe", e);
        }
    }

    public static Probe fromJson(String json) {
        try {
            return JSON.readValue(json, Probe.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable probe in a snapshot manifest: " + e.getMessage(), e);
        }
    }
}
