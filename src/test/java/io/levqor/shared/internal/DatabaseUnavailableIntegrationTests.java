package io.levqor.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * While the database is unavailable: readiness is DOWN (liveness stays UP: a restart of the process would not bring
 * the database back), and webhooks, the API and payment webhooks answer 503 with Retry-After at once.
 */
@LevqorIntegrationTest
class DatabaseUnavailableIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    DatabaseProbe probe;

    @Test
    void readinessGoesDownAndComesBackWithTheDatabase() {
        assertThat(api.get("/health/readiness").send().status()).isEqualTo(200);
        probe.holdDown(true);
        try {
            HttpApi.Response readiness = api.get("/health/readiness").send();
            assertThat(readiness.status()).as(readiness.body()).isEqualTo(503);
            assertThat(readiness
                            .json()
                            .get("components")
                            .get("database")
                            .get("status")
                            .asString())
                    .isEqualTo("DOWN");
            assertThat(api.get("/health/liveness").send().status()).isEqualTo(200);
        } finally {
            probe.holdDown(false);
        }
        HttpApi.Response readiness = api.get("/health/readiness").send();
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness
                        .json()
                        .get("components")
                        .get("database")
                        .get("status")
                        .asString())
                .isEqualTo("UP");
    }

    @Test
    void webhooksTheApiAndPaymentWebhooksAnswer503WithRetryAfter() {
        TestAccounts.Account account = new TestAccounts(api).signUp();
        probe.holdDown(true);
        try {
            assertUnavailable(api.post("/hooks/any-token", Map.of("a", 1)).send());
            assertUnavailable(
                    api.get("/api/v1/workflows").bearer(account.accessToken()).send());
            assertUnavailable(api.post("/billing/webhooks/stripe", "{}").send());
            // Pages and health are not the database's to refuse.
            assertThat(api.get("/health/liveness").send().status()).isEqualTo(200);
        } finally {
            probe.holdDown(false);
        }
        assertThat(api.get("/api/v1/workflows")
                        .bearer(account.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aLostConnectionInsideARequestIsA503NotA500() {
        assertUnavailable(api.get("/api/v1/test/database-gone").send());
    }

    private static void assertUnavailable(HttpApi.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/unavailable");
    }
}
