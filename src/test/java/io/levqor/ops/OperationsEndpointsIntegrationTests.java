package io.levqor.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class OperationsEndpointsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Test
    void healthIsUpAndReadinessIncludesTheDatabase() {
        assertThat(api.get("/health").send().json().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/health/liveness").send().json().get("status").asString())
                .isEqualTo("UP");
        var readiness = api.get("/health/readiness").send();
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.json().get("components").has("database"))
                .as(readiness.body())
                .isTrue();
    }

    @Test
    void metricsArePrometheusText() {
        api.get("/health").send(); // so the HTTP server has served something to measure

        var metrics = api.get("/metrics").send();

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("levqor_build_info{")
                .contains("jvm_memory_used_bytes")
                .contains("hikaricp_connections")
                .contains("http_server_requests_seconds_bucket");
    }

    @Test
    void metricsAndHealthDetailsNeedTheTokenUnlessTheCallerIsOnTheLoopback() {
        // A forwarding header means someone relayed the request: it is not the loopback's own, whatever the peer.
        var relayed =
                api.get("/metrics").header("X-Forwarded-For", "203.0.113.9").send();
        assertThat(relayed.status()).isEqualTo(401);
        assertThat(relayed.contentType()).startsWith("application/problem+json");
        assertThat(relayed.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(api.get("/metrics")
                        .header("X-Forwarded-For", "203.0.113.9")
                        .bearer("wrong-token")
                        .send()
                        .status())
                .isEqualTo(401);
        var withToken = api.get("/metrics")
                .header("X-Forwarded-For", "203.0.113.9")
                .bearer(TestDatabase.METRICS_TOKEN)
                .send();
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(withToken.body()).contains("jvm_memory_used_bytes");

        // Health: the status for everyone (probes need no token), components only with the token.
        for (String path : new String[] {"/health", "/health/liveness", "/health/readiness"}) {
            var anonymous =
                    api.get(path).header("X-Forwarded-For", "203.0.113.9").send();
            assertThat(anonymous.status()).as(path).isEqualTo(200);
            assertThat(anonymous.json().get("status").asString()).isEqualTo("UP");
            assertThat(anonymous.json().has("components")).as(anonymous.body()).isFalse();
        }
        var detailed = api.get("/health/readiness")
                .header("X-Forwarded-For", "203.0.113.9")
                .bearer(TestDatabase.METRICS_TOKEN)
                .send();
        assertThat(detailed.json().get("components").has("database"))
                .as(detailed.body())
                .isTrue();
    }

    @Test
    void aSignedInUserIsNoOperatorForMetrics() {
        var user = accounts.signUp();
        assertThat(api.get("/metrics")
                        .header("X-Forwarded-For", "203.0.113.9")
                        .bearer(user.accessToken())
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(api.get("/health")
                        .header("X-Forwarded-For", "203.0.113.9")
                        .bearer(user.accessToken())
                        .send()
                        .json()
                        .has("components"))
                .isFalse();
    }

    @Test
    void theOpenApiDocumentAndItsBrowserAreServed() {
        var document = api.get("/v3/api-docs").send();
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().get("openapi").asString()).startsWith("3.");

        var browser = api.get("/docs").send();
        assertThat(browser.status()).isIn(200, 302);
    }
}
