package io.levqor.ops.slowqueries;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class SlowQueriesIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SlowQueries slowQueries;

    @AfterEach
    void reset() {
        operators.apply("");
        // Another test may have dropped it; start-up's preparation puts it back.
        slowQueries.prepare();
    }

    @Test
    void theOperatorListsTheTopStatementsByTotalAndMeanTimeAsPostgresNormalisesThem() {
        // The test database preloads pg_stat_statements as the embedded cluster does; start-up created the extension.
        assertThat(jdbc.sql("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        jdbc.sql("SELECT pg_stat_statements_reset()").query().singleValue();
        for (int i = 0; i < 3; i++) {
            jdbc.sql("SELECT count(*) FROM generate_series(1, 200000 + " + i + ") AS levqor_slow_probe")
                    .query(Long.class)
                    .single();
        }
        String token = operator();

        for (String order : List.of("total", "mean")) {
            Response response = api.get("/api/v1/admin/slow-queries?orderBy=" + order + "&limit=100")
                    .bearer(token)
                    .send();
            assertThat(response.status()).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.path("available").asBoolean()).isTrue();
            assertThat(body.path("orderBy").asString()).isEqualTo(order);
            JsonNode probe = null;
            List<Double> sorted = new ArrayList<>();
            for (JsonNode statement : body.path("statements")) {
                sorted.add(statement.path(order + "Millis").asDouble());
                if (statement.path("query").asString().contains("levqor_slow_probe")) {
                    probe = statement;
                }
            }
            assertThat(sorted).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            assertThat(probe).as("the probe statement among %s", body).isNotNull();
            // One normalised statement for the three calls: the constants became parameters.
            assertThat(probe.path("query").asString()).contains("$1").doesNotContain("200000");
            assertThat(probe.path("calls").asLong()).isEqualTo(3);
            assertThat(probe.path("rows").asLong()).isEqualTo(3);
            assertThat(probe.path("totalMillis").asDouble()).isPositive();
            assertThat(probe.path("meanMillis").asDouble()).isPositive();
            assertThat(probe.path("queryId").asString()).isNotBlank();
        }
        JsonNode top = api.get("/api/v1/admin/slow-queries?limit=1")
                .bearer(token)
                .send()
                .json();
        assertThat(top.path("orderBy").asString()).isEqualTo("total");
        assertThat(top.path("statements").size()).isEqualTo(1);
    }

    @Test
    void withoutTheExtensionTheListSaysSoAndWhyAndStartUpPreparationPutsItBack() {
        String token = operator();
        jdbc.sql("DROP EXTENSION pg_stat_statements").update();

        Response response = api.get("/api/v1/admin/slow-queries").bearer(token).send();
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("available").asBoolean()).isFalse();
        assertThat(body.path("reason").asString())
                .contains("CREATE EXTENSION pg_stat_statements")
                .contains("not installed");
        assertThat(body.path("statements").size()).isZero();

        slowQueries.prepare();
        assertThat(api.get("/api/v1/admin/slow-queries")
                        .bearer(token)
                        .send()
                        .json()
                        .path("available")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndOnlyTheOperatorGetsIn() {
        String token = operator();
        Response badOrder =
                api.get("/api/v1/admin/slow-queries?orderBy=max").bearer(token).send();
        assertThat(badOrder.status()).isEqualTo(400);
        assertThat(badOrder.contentType()).startsWith("application/problem+json");
        assertThat(badOrder.body()).contains("orderBy");
        for (String limit : List.of("0", "101", "abc")) {
            Response badLimit = api.get("/api/v1/admin/slow-queries?limit=" + limit)
                    .bearer(token)
                    .send();
            assertThat(badLimit.status()).as(limit).isEqualTo(400);
            assertThat(badLimit.body()).contains("limit");
        }

        Account member = accounts.signUp();
        assertThat(api.get("/api/v1/admin/slow-queries")
                        .bearer(member.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/admin/slow-queries").send().status()).isEqualTo(401);
        assertThat(api.get("/v3/api-docs").send().json().path("paths").has("/api/v1/admin/slow-queries"))
                .isTrue();
    }

    private String operator() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        return api.post("/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }
}
