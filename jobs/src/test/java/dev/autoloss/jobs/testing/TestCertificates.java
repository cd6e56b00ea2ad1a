package dev.autoloss.jobs.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA made for one test and a server certificate for 127.0.0.1 and localhost signed by it, as PEM files
 * in a directory (made with {@code openssl}), and the settings that make a {@code redis-server} speak TLS
 * with them.
 */
public record TestCertificates(Path ca, Path serverCertificate, Path serverKey) {

    /** Whether {@code openssl} is on the PATH. */
    public static boolean canCreate() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry.isEmpty() ? "." : entry, "openssl"))) {
                return true;
            }
        }
        return false;
    }

    /** A fresh CA (CN {@code commonName}) and a server certificate it signed, in {@code dir}. */
    public static TestCertificates create(Path dir, String commonName) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        Path key = dir.resolve("server.key");
        Path request = dir.resolve("server.csr");
        Path certificate = dir.resolve("server.crt");
        Path extensions = Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-nodes", "-days", "2", "-subj", "/CN=" + commonName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign", "-keyout", caKey, "-out", ca);
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", key, "-out", request);
        openssl(dir, "x509", "-req", "-sha256", "-days", "2", "-in", request, "-CA", ca, "-CAkey", caKey, "-CAcreateserial",
                "-extfile", extensions, "-out", certificate);
        return new TestCertificates(ca, certificate, key);
    }

    /** {@code redis-server} settings: TLS only on {@code port} (the plain port off), clients need no certificate of their own. */
    public List<String> redisTlsSettings(int port) {
        return List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file", serverCertificate.toString(),
                "--tls-key-file", serverKey.toString(), "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no");
    }

    private static void openssl(Path dir, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        Path log = dir.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }
}
