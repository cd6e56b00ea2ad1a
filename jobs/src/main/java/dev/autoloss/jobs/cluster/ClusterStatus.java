package dev.autoloss.jobs.cluster;

import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.embedded.RedisPing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Which of a local cluster's processes run and whether each answers, as {@code autoloss cluster status} prints it. */
public record ClusterStatus(LocalCluster cluster, List<Entry> entries) {

    /** @param detail what the component says: the JobManager's overview, whether the broker or Redis answers */
    public record Entry(ClusterProcess process, boolean running, String detail) {}

    public static ClusterStatus of(LocalCluster cluster) {
        List<String> registered = cluster.rest().taskManagerIds();
        List<Entry> entries = new ArrayList<>();
        for (ClusterProcess p : cluster.processes().stream().sorted(Comparator.comparingInt(ClusterStatus::rank)).toList()) {
            boolean running = p.alive();
            entries.add(new Entry(p, running, running ? detail(cluster, p, registered) : "not running; see " + p.log()));
        }
        return new ClusterStatus(cluster, List.copyOf(entries));
    }

    public boolean allRunning() {
        return entries.stream().allMatch(Entry::running);
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        long running = entries.stream().filter(Entry::running).count();
        lines.add("cluster in " + cluster.dir() + ": " + running + " of " + entries.size() + " processes running");
        int width = entries.stream().mapToInt(e -> e.process().name().length()).max().orElse(0);
        for (Entry e : entries) {
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s  pid %-7d %-11s %s",
                    e.process().name(), e.process().pid(), e.running() ? "running" : "gone", e.detail()));
        }
        return lines;
    }

    /** JobManager, TaskManagers (in start order), Kafka, Redis: the order in which a reader looks for them. */
    private static int rank(ClusterProcess p) {
        return p.name().equals(LocalCluster.JOB_MANAGER) ? 0 : p.name().startsWith(LocalCluster.TASK_MANAGER) ? 1
                : p.name().equals(LocalCluster.KAFKA) ? 2 : 3;
    }

    private static String detail(LocalCluster cluster, ClusterProcess p, List<String> registered) {
        if (p.name().equals(LocalCluster.JOB_MANAGER)) {
            return cluster.rest().overview()
                    .map(o -> cluster.webUi() + ": " + o.taskManagers() + " TaskManager(s), " + o.slotsTotal() + " slots ("
                            + o.slotsAvailable() + " free), " + o.jobsRunning() + " job(s) running")
                    .orElse(cluster.webUi() + " does not answer (starting?)");
        }
        if (p.name().startsWith(LocalCluster.TASK_MANAGER)) {
            return registered.contains(p.name()) ? "registered" : "not registered with the JobManager";
        }
        if (p.name().equals(LocalCluster.KAFKA)) {
            return (KafkaProbe.answers(cluster.ports().kafka()) ? "answers on " : "does not answer on ") + cluster.bootstrap();
        }
        if (p.name().equals(LocalCluster.REDIS)) {
            return (RedisPing.answers(RedisAddress.of(cluster.redisUri())) ? "answers PING on " : "does not answer on ") + cluster.redisUri();
        }
        return "";
    }
}
