package dev.autoloss.jobs.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Whether the Kafka broker on a port of 127.0.0.1 answers clients: its cluster description lists it. */
final class KafkaProbe {

    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final int REQUEST_TIMEOUT_MS = 3000;

    private KafkaProbe() {}

    static boolean answers(int port) {
        // an admin client facing a closed port only logs a warning per retry: ask once something listens
        if (!listening(port)) {
            return false;
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, FlinkConfig.LOCALHOST + ":" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        try (Admin admin = Admin.create(config)) {
            // the broker is listed once it has caught up with the metadata log and been unfenced
            return !admin.describeCluster().nodes().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(FlinkConfig.LOCALHOST, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
