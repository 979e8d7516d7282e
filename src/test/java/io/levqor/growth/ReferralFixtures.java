package io.levqor.growth;

import io.levqor.support.HttpApi;
import io.levqor.support.TestAccounts;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Referred signups from a chosen client address: sent through 127.0.0.2, the trusted proxy of the test
 * configuration, with {@code X-Forwarded-For}, so that each referred user can come from an address of its own
 * (every other test request comes from 127.0.0.1, where the referrer was seen).
 */
public final class ReferralFixtures {

    /** A signed-up user. */
    public record Signed(String userId, String workspaceId, String email, String accessToken) {}

    /** A referral's row as the tests look at it. */
    public record Row(UUID id, String status, @Nullable String rule) {}

    private final HttpApi api;
    private final TestAccounts accounts;
    private final JdbcClient jdbc;
    private final Environment environment;

    public ReferralFixtures(HttpApi api, TestAccounts accounts, JdbcClient jdbc, Environment environment) {
        this.api = api;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.environment = environment;
    }

    public String codeOf(String accessToken) {
        return api.get("/api/v1/referrals")
                .bearer(accessToken)
                .send()
                .json()
                .get("code")
                .asString();
    }

    public Signed signUpFrom(String clientIp, String email, @Nullable String referralCode) {
        Map<String, String> body = new HashMap<>(Map.of("email", email, "password", TestAccounts.PASSWORD));
        if (referralCode != null) {
            body.put("referralCode", referralCode);
        }
        try {
            HttpClient client = HttpClient.newBuilder()
                    .localAddress(InetAddress.getByName("127.0.0.2"))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            var request = HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + environment.getProperty("local.server.port") + "/api/v1/auth/signup"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", clientIp)
                    .POST(HttpRequest.BodyPublishers.ofString(HttpApi.json(body)))
                    .build();
            var response = new HttpApi.Response(client.send(request, HttpResponse.BodyHandlers.ofString()));
            if (response.status() != 201) {
                throw new IllegalStateException("Signup failed: " + response);
            }
            var json = response.json();
            return new Signed(
                    json.get("userId").asString(),
                    json.get("workspaceId").asString(),
                    email,
                    json.get("accessToken").asString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void verify(String email) {
        // The mailbox filters by the stored (lower-cased) address, passed in a query string where '+' means space.
        String token = accounts.mailedToken(
                java.net.URLEncoder.encode(
                        email.toLowerCase(java.util.Locale.ROOT), java.nio.charset.StandardCharsets.UTF_8),
                "verify-email");
        var answer =
                api.post("/api/v1/auth/verify-email", Map.of("token", token)).send();
        if (answer.status() != 204) {
            throw new IllegalStateException("Verification failed: " + answer);
        }
    }

    /** The referral of this referred user, once it left {@code pending} (the verification's listener ran). */
    public Row decided(Signed referred) {
        await(() -> !row(referred).status().equals("pending"));
        return row(referred);
    }

    public Row row(Signed referred) {
        return jdbc.sql("SELECT id, status, rule FROM referral WHERE referred_user_id = :user")
                .param("user", UUID.fromString(referred.userId()))
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("status"), rs.getString("rule")))
                .single();
    }

    public long referrals() {
        return jdbc.sql("SELECT count(*) FROM referral").query(Long.class).single();
    }

    /** Ledger lines of a workspace with this reference. */
    public long ledgerLines(String workspaceId, String reference) {
        return jdbc.sql("SELECT count(*) FROM credit_ledger WHERE tenant_id = :tenant AND reference = :reference")
                .param("tenant", UUID.fromString(workspaceId))
                .param("reference", reference)
                .query(Long.class)
                .single();
    }

    /** Waits for work done after commit (event listeners) with a deadline; no fixed sleeps. */
    public static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 20s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }

    public static String uniqueLocal() {
        return UUID.randomUUID().toString().substring(0, 10);
    }
}
