package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestDatabase;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The client address behind rate limits, the login throttle and the audit log: forwarded headers count only from
 * the trusted proxies (127.0.0.2 and 10.0.0.0/8 in tests), and then the right-most untrusted hop is the client.
 */
@LevqorIntegrationTest
class ClientAddressIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Environment environment;

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

    @Test
    void fiftySpoofedLoginAttemptsAllCountAgainstTheRealAddress() {
        for (int i = 0; i < 50; i++) {
            var failed = api.post(
                            "/api/v1/auth/login",
                            Map.of("email", TestAccounts.uniqueEmail(), "password", "wrong password"))
                    .header("X-Forwarded-For", "198.51.100." + i)
                    .header("Forwarded", "for=198.51.100." + i)
                    .send();
            assertThat(failed.status()).as(failed.body()).isEqualTo(401);
        }

        // One counter for the real peer, with all fifty failures (the IP lock would trip at 50 in production)...
        assertThat(failures("ip:127.0.0.1")).isEqualTo(50);
        // ...and none for the addresses the client made up.
        assertThat(jdbc.sql("SELECT count(*) FROM login_throttle WHERE key LIKE 'ip:198.51.100.%'")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void theAuditLogRecordsThePeerNotTheSpoofedAddress() {
        Account account = accounts.signUp();

        api.post("/api/v1/auth/login", Map.of("email", account.email(), "password", "wrong password"))
                .header("X-Forwarded-For", "203.0.113.66")
                .send();

        assertThat(auditIp(account, "login.failed")).isEqualTo("127.0.0.1");
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedHopIsTheClient() throws Exception {
        Account account = accounts.signUp();

        // The client wrote 198.51.100.1 itself; the edge proxy saw it as 203.0.113.5; an inner proxy (10.1.2.3,
        // trusted) relayed it to the proxy at 127.0.0.2 (trusted), which connects to Levqor.
        int status = viaProxy(
                "/api/v1/auth/login",
                "{\"email\":\"" + account.email() + "\",\"password\":\"wrong password\"}",
                Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.5, 10.1.2.3"));

        assertThat(status).isEqualTo(401);
        assertThat(auditIp(account, "login.failed")).isEqualTo("203.0.113.5");
        assertThat(failures("ip:203.0.113.5")).isEqualTo(1);
        assertThat(failures("ip:198.51.100.1")).isZero();
    }

    @Test
    void theForwardedHeaderIsReadTheSameWay() throws Exception {
        Account account = accounts.signUp();

        viaProxy(
                "/api/v1/auth/login",
                "{\"email\":\"" + account.email() + "\",\"password\":\"wrong password\"}",
                Map.of("Forwarded", "for=198.51.100.1, for=\"[2001:db8::7]:4711\";proto=https"));

        assertThat(auditIp(account, "login.failed")).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    private int failures(String key) {
        return jdbc.sql("SELECT coalesce(sum(failures), 0) FROM login_throttle WHERE key = :key")
                .param("key", key)
                .query(Integer.class)
                .single();
    }

    private String auditIp(Account account, String action) {
        return jdbc.sql("""
                        SELECT ip FROM audit_log WHERE tenant_id = :tenant AND action = :action
                         ORDER BY seq DESC LIMIT 1
                        """)
                .param("tenant", UUID.fromString(account.workspaceId()))
                .param("action", action)
                .query(String.class)
                .single();
    }

    // A request from 127.0.0.2, the trusted proxy of the test configuration.
    private int viaProxy(String path, String json, Map<String, String> headers) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .localAddress(InetAddress.getByName("127.0.0.2"))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        var request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
