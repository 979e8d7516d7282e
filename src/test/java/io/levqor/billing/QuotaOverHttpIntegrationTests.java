package io.levqor.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The free plan's limit as a client meets it: starting runs through the engine's API. */
@LevqorIntegrationTest
class QuotaOverHttpIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Test
    void theFreePlansSecondRunOfTheDayAnswers402WithTheUpgradePath() {
        Account owner = accounts.signUp();
        var created = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "quota",
                                "definition",
                                Map.of(
                                        "trigger",
                                        Map.of("type", "manual"),
                                        "steps",
                                        List.of(Map.of("id", "t", "type", "transform", "output", 1)))))
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String path = "/api/v1/workflows/" + created.json().path("id").asString() + "/runs";

        var first = api.post(path, Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send();
        var second = api.post(path, Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send();

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(second.status()).as(second.toString()).isEqualTo(402);
        assertThat(second.contentType()).startsWith("application/problem+json");
        JsonNode problem = second.json();
        assertThat(problem.path("type").asString()).isEqualTo("https://levqor.io/problems/quota-exceeded");
        assertThat(problem.path("limit").asString()).isEqualTo("daily-run-cap");
        assertThat(problem.path("usage").path("runsToday").asInt()).isEqualTo(1);
        assertThat(problem.path("plans").get(0).path("id").asString()).isEqualTo("starter");
        assertThat(problem.path("plans").get(0).path("checkout").path("path").asString())
                .isEqualTo("/api/v1/billing/checkout");
        JsonNode usage = api.get("/api/v1/billing/usage")
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(usage.path("runsToday").asInt()).isEqualTo(1);
        assertThat(usage.path("credits").path("balance").asLong()).isEqualTo(49);
    }
}
