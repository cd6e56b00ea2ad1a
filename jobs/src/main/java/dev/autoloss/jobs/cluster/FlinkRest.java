package dev.autoloss.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A JobManager's REST API, as far as a local cluster and its fault drills need it; empty answers while it is down. */
public final class FlinkRest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** {@code hostPort}: the REST address, e.g. {@code 127.0.0.1:18081}. */
    public FlinkRest(String hostPort) {
        this.base = URI.create("http://" + hostPort);
    }

    /** {@code GET /overview}: TaskManagers, slots and running jobs; empty when the JobManager does not answer. */
    public Optional<Overview> overview() {
        return get("/overview").map(o -> new Overview(
                o.path("taskmanagers").asInt(), o.path("slots-total").asInt(), o.path("slots-available").asInt(),
                o.path("jobs-running").asInt()));
    }

    /** {@code GET /taskmanagers}: the registered TaskManagers' resource ids (a local cluster's are the process names). */
    public List<String> taskManagerIds() {
        List<String> ids = new ArrayList<>();
        get("/taskmanagers").ifPresent(tms -> tms.path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText())));
        return ids;
    }

    /** {@code GET /jobs/overview}: every job the JobManager knows, newest first as Flink lists them. */
    public List<JobSummary> jobs() {
        List<JobSummary> jobs = new ArrayList<>();
        get("/jobs/overview").ifPresent(o -> o.path("jobs").forEach(j -> jobs.add(
                new JobSummary(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText()))));
        return jobs;
    }

    /** {@code GET /jobmanager/config}: the configuration the JobManager runs with, by key. */
    public Map<String, String> jobManagerConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        get("/jobmanager/config").ifPresent(entries -> entries.forEach(e -> config.put(e.path("key").asText(), e.path("value").asText())));
        return config;
    }

    public record Overview(int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning) {}

    /** @param state Flink's job status: RUNNING, RESTARTING, FINISHED, FAILED, ... */
    public record JobSummary(String id, String name, String state) {}

    private Optional<JsonNode> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not listening (yet, or any more)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
