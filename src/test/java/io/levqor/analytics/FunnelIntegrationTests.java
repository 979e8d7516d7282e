package io.levqor.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class FunnelIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    ProductEvents events;

    @Autowired
    OperatorBootstrap operators;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void stepsCountInOrderWithinTheWindowOfTheFirstStep() {
        List<ProductEvent> fixture = new ArrayList<>();
        // w1 goes all the way: 1 h, 23 h and 7 days between the steps.
        WorkspaceId w1 = add(
                fixture,
                "2026-01-02T00:00:00Z signed_up",
                "2026-01-02T01:00:00Z workflow_created",
                "2026-01-03T00:00:00Z run_succeeded",
                "2026-01-10T00:00:00Z plan_upgraded");
        // w2 upgrades 20 days after signing up: outside the 14-day window.
        add(
                fixture,
                "2026-01-05T00:00:00Z signed_up",
                "2026-01-05T02:00:00Z workflow_created",
                "2026-01-05T04:00:00Z run_succeeded",
                "2026-01-25T00:00:00Z plan_upgraded");
        // w3's run came before its workflow: out of order, it stops at step 2.
        add(
                fixture,
                "2026-01-07T00:00:00Z signed_up",
                "2026-01-07T01:00:00Z run_succeeded",
                "2026-01-08T00:00:00Z workflow_created");
        // w4 signed up before the range: it never enters.
        add(fixture, "2025-12-30T00:00:00Z signed_up", "2026-01-02T00:00:00Z workflow_created");
        // w5 enters on the range's last hour; its next step falls after `to` but within the window: it counts.
        add(fixture, "2026-01-31T23:00:00Z signed_up", "2026-02-03T00:00:00Z workflow_created");
        // w6 never did step 1.
        add(fixture, "2026-01-03T00:00:00Z workflow_created");
        // w7 signed up twice: the first time starts its window.
        add(
                fixture,
                "2026-01-20T00:00:00Z signed_up",
                "2026-01-21T00:00:00Z signed_up",
                "2026-01-20T12:00:00Z workflow_created");
        events.recordClientBatch(fixture);
        assertThat(w1).isNotNull();

        String operator = operatorToken();
        var response = api.get("/api/v1/admin/analytics/funnel"
                        + "?steps=signed_up,workflow_created,run_succeeded,plan_upgraded"
                        + "&window=14d&from=2026-01-01&to=2026-01-31")
                .bearer(operator)
                .send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode funnel = response.json();
        assertThat(funnel.get("from").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(funnel.get("to").asString()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(steps(funnel))
                .containsExactly(
                        "1 signed_up 5 1.0000 1.0000 null",
                        // 1 h, 2 h, 12 h, 1 d, 2 d 1 h: the median is 12 h
                        "2 workflow_created 5 1.0000 1.0000 43200",
                        // 23 h and 2 h
                        "3 run_succeeded 2 0.4000 0.4000 45000",
                        "4 plan_upgraded 1 0.5000 0.2000 604800");

        // A window of a day keeps w5 (2 d 1 h) and w1's later steps out.
        assertThat(steps(api.get("/api/v1/admin/analytics/funnel?steps=signed_up,workflow_created,run_succeeded"
                                + "&window=1d&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z")
                        .bearer(operator)
                        .send()
                        .json()))
                .containsExactly(
                        "1 signed_up 5 1.0000 1.0000 null",
                        "2 workflow_created 4 0.8000 0.8000 25200",
                        "3 run_succeeded 2 0.5000 0.4000 45000");
        // Counted by user, nobody (these events have none): zero conversions, no division by zero.
        assertThat(steps(api.get("/api/v1/admin/analytics/funnel?steps=signed_up,workflow_created&by=user"
                                + "&from=2026-01-01&to=2026-01-31")
                        .bearer(operator)
                        .send()
                        .json()))
                .containsExactly("1 signed_up 0 1.0000 1.0000 null", "2 workflow_created 0 0.0000 0.0000 null");

        Map<String, String> bad = Map.of(
                "?window=14d", "steps",
                "?steps=signed_up", "steps",
                "?steps=signed_up,Bad", "steps",
                "?steps=a,a", "steps",
                "?steps=a,b&window=soon", "window",
                "?steps=a,b&window=400d", "window",
                "?steps=a,b&from=2026-02-01&to=2026-01-01", "from",
                "?steps=a,b&to=tomorrow", "to",
                "?steps=a,b&by=team", "by");
        bad.forEach((query, field) -> {
            var refused = api.get("/api/v1/admin/analytics/funnel" + query)
                    .bearer(operator)
                    .send();
            assertThat(refused.status()).as(query + " " + refused).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .as(query)
                    .isEqualTo(field);
        });
        Account customer = accounts.signUp();
        assertThat(api.get("/api/v1/admin/analytics/funnel?steps=a,b")
                        .bearer(customer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
    }

    private static List<String> steps(JsonNode funnel) {
        List<String> out = new ArrayList<>();
        for (JsonNode step : funnel.get("steps")) {
            out.add(step.get("index").asInt() + " " + step.get("name").asString() + " "
                    + step.get("people").asLong() + " " + decimal(step.get("conversionFromPrevious")) + " "
                    + decimal(step.get("conversionFromFirst")) + " "
                    + (step.path("medianSecondsFromPrevious").isMissingNode()
                            ? "null"
                            : step.get("medianSecondsFromPrevious").asLong()));
        }
        return out;
    }

    private static java.math.BigDecimal decimal(JsonNode number) {
        return number.decimalValue().setScale(4, java.math.RoundingMode.HALF_UP);
    }

    private static WorkspaceId add(List<ProductEvent> fixture, String... timedNames) {
        WorkspaceId workspace = new WorkspaceId(UUID.randomUUID());
        for (String timed : timedNames) {
            String[] parts = timed.split(" ");
            fixture.add(new ProductEvent(parts[1], Instant.parse(parts[0]), workspace, null, Map.of()));
        }
        return workspace;
    }

    private String operatorToken() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        return api.post("/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }
}
