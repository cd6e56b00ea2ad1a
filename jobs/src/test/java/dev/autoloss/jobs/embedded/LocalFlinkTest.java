package dev.autoloss.jobs.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

class LocalFlinkTest {

    @Test
    void aBoundedJobRunsOnTheLocalMiniClusterWithTheRequestedParallelism() throws Exception {
        StreamExecutionEnvironment env = LocalFlink.local(2, OptionalInt.empty());
        List<Tuple2<Integer, Integer>> results = collect(squares(env, 100));

        assertEquals(expectedSquares(100), results.stream().map(r -> r.f0).collect(Collectors.toCollection(TreeSet::new)),
                "every input squared once");
        assertEquals(100, results.size(), "one output per input");
        assertEquals(Set.of(0, 1), results.stream().map(r -> r.f1).collect(Collectors.toSet()),
                "the map ran as two parallel instances");
    }

    @Test
    void theWebUiServesFlinksDashboardWhileAJobRuns() throws Exception {
        int port = FreePort.find();
        StreamExecutionEnvironment env = LocalFlink.local(1, OptionalInt.of(port));
        env.fromSequence(0, Long.MAX_VALUE).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("web-ui-test");
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(page.contains("Apache Flink Web Dashboard"), "dashboard page at port " + port + ": " + page);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void theSameJobRunsOnARunningClusterGivenItsAddress() throws Exception {
        Configuration config = new Configuration();
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.PORT, 0);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(config).setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
        cluster.start();
        try {
            URI rest = cluster.getRestAddress().get();
            // the cluster shares this JVM's class path, so no jar needs shipping
            StreamExecutionEnvironment env = LocalFlink.remote(rest.getHost() + ":" + rest.getPort(), 2);
            List<Tuple2<Integer, Integer>> results = collect(squares(env, 20));
            assertEquals(expectedSquares(20), results.stream().map(r -> r.f0).collect(Collectors.toCollection(TreeSet::new)),
                    "every input squared once on the cluster at " + rest);
        } finally {
            cluster.closeAsync().get();
        }
    }

    @Test
    void aMalformedClusterAddressIsNamedInTheError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LocalFlink.environment("jobmanager-without-port", 1, OptionalInt.empty()));
        assertTrue(error.getMessage().contains("'jobmanager-without-port'"), error.getMessage());
    }

    private static DataStream<Tuple2<Integer, Integer>> squares(
            StreamExecutionEnvironment env, int count) {
        Integer[] inputs = IntStream.rangeClosed(1, count).boxed().toArray(Integer[]::new);
        return env.fromData(inputs).rebalance().map(new SquareWithSubtask());
    }

    private static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> results = new ArrayList<>();
        CloseableIterator<T> iterator = stream.executeAndCollect("local-flink-test");
        try {
            iterator.forEachRemaining(results::add);
        } finally {
            iterator.close();
        }
        return results;
    }

    private static Set<Integer> expectedSquares(int count) {
        return IntStream.rangeClosed(1, count).map(x -> x * x).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    /** The square of the input and the index of the parallel instance that computed it. */
    private static final class SquareWithSubtask extends RichMapFunction<Integer, Tuple2<Integer, Integer>> {
        private int subtask;

        @Override
        public void open(OpenContext context) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        @Override
        public Tuple2<Integer, Integer> map(Integer x) {
            return Tuple2.of(x * x, subtask);
        }
    }
}
