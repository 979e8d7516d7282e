package io.levqor.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class OperationsEndpointsIntegrationTests {

    @Autowired
    HttpApi api;

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
    void theOpenApiDocumentAndItsBrowserAreServed() {
        var document = api.get("/v3/api-docs").send();
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().get("openapi").asString()).startsWith("3.");

        var browser = api.get("/docs").send();
        assertThat(browser.status()).isIn(200, 302);
    }
}
