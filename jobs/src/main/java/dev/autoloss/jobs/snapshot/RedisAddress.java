package dev.autoloss.jobs.snapshot;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Redis server is and how to log in to it: a URI ({@code redis://}, {@code rediss://} for TLS,
 * {@code redis://user:password@host:port/db} for a Redis 6 ACL user), a password given apart from the URI
 * (read from a file or the environment, so that it never shows in a process listing), and the CA
 * certificates to trust for TLS. With a password given apart, a URI's user part without a colon
 * ({@code redis://alice@host}) names the ACL user.
 *
 * <p>{@link #toString()} never shows a password, and {@link #redact} masks the passwords of URIs in any text:
 * every log line, exception message and printout that names a Redis goes through one of them. The object
 * is serializable and carries the password with it: a job ships it, inside its serialized operators, to
 * the TaskManagers.
 */
public final class RedisAddress implements Serializable {

    private static final long serialVersionUID = 1L;

    static final String MASK = "***";
    private static final String FORMS = "redis://[[user:]password@]host[:port][/db], rediss:// for TLS";
    // scheme://userinfo@ : userinfo runs to the last '@' of the word, so that an '@' inside a password is masked too
    private static final Pattern USER_INFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)(\\S*)@");

    private final String uri;
    private final String password;
    private final byte[] caCertificates;
    private final String caSource;

    private RedisAddress(String uri, String password, byte[] caCertificates, String caSource) {
        this.uri = uri;
        this.password = password;
        this.caCertificates = caCertificates;
        this.caSource = caSource;
    }

    /** The address of {@code uri}; throws {@link IllegalArgumentException} (without the password) when it is no Redis URI. */
    public static RedisAddress of(String uri) {
        try {
            RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw notAUri(e.getCause() instanceof URISyntaxException cause
                    ? cause.getReason() + " at index " + cause.getIndex() : redact(e.getMessage()));
        }
        return new RedisAddress(uri, null, null, null);
    }

    /** The same server, logging in with {@code password} (instead of one in the URI). */
    public RedisAddress withPassword(String password) {
        return new RedisAddress(uri, password, caCertificates, caSource);
    }

    /** The same server, trusting the PEM certificates {@code pem} (read from {@code source}) for TLS. */
    public RedisAddress withCaCertificates(String source, byte[] pem) {
        return new RedisAddress(uri, password, pem.clone(), source);
    }

    /** Whether the URI itself holds a password ({@code redis://:password@...} or {@code redis://user:password@...}). */
    public boolean uriHasPassword() {
        String userInfo = userInfo();
        return userInfo != null && userInfo.indexOf(':') >= 0 && userInfo.indexOf(':') < userInfo.length() - 1;
    }

    /** Lettuce's URI of this address, with the password given apart (and the user named beside it) applied. */
    public RedisURI redisUri() {
        RedisURI redisUri = RedisURI.create(uri);
        if (password != null) {
            String userInfo = userInfo();
            String user = userInfo == null || userInfo.isEmpty() ? null
                    : userInfo.indexOf(':') >= 0 ? userInfo.substring(0, userInfo.indexOf(':')) : userInfo;
            if (user == null || user.isEmpty()) {
                redisUri.setAuthentication(password);
            } else {
                redisUri.setAuthentication(user, password);
            }
        }
        return redisUri;
    }

    /** Client options that trust this address's CA certificates, when it has any (else the JVM's trust store). */
    public ClientOptions.Builder clientOptions() {
        ClientOptions.Builder options = ClientOptions.builder();
        if (caCertificates != null) {
            options.sslOptions(SslOptions.builder().jdkSslProvider()
                    .trustManager(() -> new ByteArrayInputStream(caCertificates)).build());
        }
        return options;
    }

    /** Where the trusted CA certificates came from (a file name), or null for the JVM's trust store. */
    public String caSource() {
        return caSource;
    }

    /** The URI with its password masked; a password given apart is never shown either. */
    @Override
    public String toString() {
        return redact(uri);
    }

    /** {@code text} with the password of every URI in it masked: {@code redis://user:pw@h} -> {@code redis://user:***@h}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = USER_INFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String userInfo = m.group(2);
            int colon = userInfo.indexOf(':');
            String user = colon >= 0 && userInfo.substring(0, colon).matches("[^/?#]*") ? userInfo.substring(0, colon) + ":" : "";
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + user + MASK + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String userInfo() {
        return URI.create(uri).getUserInfo();
    }

    private static IllegalArgumentException notAUri(String reason) {
        return new IllegalArgumentException("not a Redis URI (" + FORMS + "): " + reason);
    }
}
