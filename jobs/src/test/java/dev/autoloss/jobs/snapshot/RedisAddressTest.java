package dev.autoloss.jobs.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.embedded.FreePort;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** A Redis address shows its server but never its password, and carries the password to where the job runs. */
class RedisAddressTest {

    private static final String SECRET = "s3cr3t-pw";
    private static final String SPECIAL = "p@ss w#rd/:"; // given apart, a password needs no URI escaping

    @Test
    void redactionMasksThePasswordOfEveryUriInAText() {
        assertEquals("cannot publish to redis://:***@127.0.0.1:6390 (down)",
                RedisAddress.redact("cannot publish to redis://:" + SECRET + "@127.0.0.1:6390 (down)"));
        assertEquals("rediss://alice:***@cache:6380/2 and redis://***@h:1",
                RedisAddress.redact("rediss://alice:" + SECRET + "@cache:6380/2 and redis://" + SECRET + "@h:1"));
        assertEquals("redis://:***@host", RedisAddress.redact("redis://:p@ss@host"), "an '@' inside the password is masked too");
        assertEquals("redis://127.0.0.1:6379/0", RedisAddress.redact("redis://127.0.0.1:6379/0"), "nothing to mask");
    }

    @Test
    void toStringNeverShowsThePasswordInTheUriOrGivenApart() {
        assertEquals("redis://alice:***@127.0.0.1:6390", RedisAddress.of("redis://alice:" + SECRET + "@127.0.0.1:6390").toString());
        RedisAddress apart = RedisAddress.of("rediss://alice@127.0.0.1:6390").withPassword(SECRET);
        assertFalse(apart.toString().contains(SECRET), apart.toString());
        assertTrue(apart.toString().contains("127.0.0.1:6390"), apart.toString());
    }

    @Test
    void aUriThatDoesNotParseIsRefusedWithoutEchoingIt() {
        for (String bad : new String[] {"redis://:s3 cr3t@127.0.0.1:6390", "redis://:s3%cr3t@127.0.0.1:6379", "127.0.0.1:6379"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> RedisAddress.of(bad));
            assertTrue(error.getMessage().startsWith("not a Redis URI"), error.getMessage());
            assertFalse(error.getMessage().contains("s3"), "the password leaked: " + error.getMessage());
        }
    }

    @Test
    void aPasswordGivenApartMakesAUserPartWithoutColonTheAclUser() {
        RedisCredentials acl = credentials(RedisAddress.of("redis://alice@127.0.0.1:6390").withPassword(SPECIAL));
        assertEquals("alice", acl.getUsername());
        assertEquals(SPECIAL, new String(acl.getPassword()));

        RedisCredentials defaultUser = credentials(RedisAddress.of("redis://127.0.0.1:6390").withPassword(SECRET));
        assertFalse(defaultUser.hasUsername(), "no user named: Redis's default user");
        assertEquals(SECRET, new String(defaultUser.getPassword()));

        RedisCredentials inUri = credentials(RedisAddress.of("redis://bob:" + SECRET + "@127.0.0.1:6390"));
        assertEquals("bob", inUri.getUsername());
        assertEquals(SECRET, new String(inUri.getPassword()));
    }

    @Test
    void thePasswordTravelsInsideTheSerializedAddress() throws Exception {
        RedisAddress shipped = InstantiationUtil.clone(RedisAddress.of("redis://alice@127.0.0.1:6390").withPassword(SECRET));
        assertEquals(SECRET, new String(credentials(shipped).getPassword()), "a TaskManager logs in with the client's password");
    }

    @Test
    void aFailedConnectNamesTheAddressAndWhyButNotThePassword() {
        RedisAddress nobody = RedisAddress.of("redis://:" + SECRET + "@127.0.0.1:" + FreePort.find());
        RedisConnectionException error = assertThrows(RedisConnectionException.class, () -> RedisEndpoint.connect(nobody));
        assertFalse(error.getMessage().contains(SECRET), error.getMessage());
        assertTrue(error.getMessage().startsWith("cannot connect to Redis at redis://:***@127.0.0.1:"), error.getMessage());
        assertTrue(error.getMessage().contains("refused"), "says why: " + error.getMessage());
    }

    private static RedisCredentials credentials(RedisAddress address) {
        RedisURI uri = address.redisUri();
        return uri.getCredentialsProvider().resolveCredentials().block();
    }
}
