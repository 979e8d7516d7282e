package io.levqor.ops.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.alerts.Alert;
import io.levqor.ops.alerts.AlertEvaluator;
import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.levqor.ops.series.MinuteCounters;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class SloIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    MutableClock clock;

    @Autowired
    MinuteCounters counters;

    @Autowired
    AlertEvaluator evaluator;

    @Autowired
    AlertRepository alerts;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void realFailingAndSlowAnswersMoveTheSlisPageTheOperatorAndThePageStopsWithTheShortWindows() {
        String token = operator();
        for (int i = 0; i < 40; i++) {
            assertThat(api.get("/api/v1/test/boom").send().status()).isEqualTo(500);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(api.get("/api/v1/test/slow").send().status()).isEqualTo(200);
        }
        for (int i = 0; i < 50; i++) {
            assertThat(api.get("/api/v1/test/probe/" + i).send().status()).isEqualTo(200);
        }
        counters.flush();

        JsonNode slos = api.get("/api/v1/admin/slo").bearer(token).send().json().path("slos");
        JsonNode availability = slo(slos, "availability");
        assertThat(availability.path("objective").asDouble()).isEqualTo(0.999);
        assertThat(availability.path("window").asString()).isEqualTo("30d");
        assertThat(availability.path("bad").asLong()).isEqualTo(40);
        long total = availability.path("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(100);
        assertThat(availability.path("sli").asDouble()).isEqualTo((double) (total - 40) / total);
        // 40 bad answers against a budget of 0.1 % of ~100: overspent many times over.
        assertThat(availability.path("budgetLeft").asDouble()).isLessThan(0);
        assertThat(availability.path("budgetRequestsLeft").asLong()).isEqualTo(-40);
        JsonNode fiveMinutes = availability.path("burnRates").get(0);
        assertThat(fiveMinutes.path("window").asString()).isEqualTo("5m");
        assertThat(fiveMinutes.path("rate").asDouble()).isGreaterThan(14.4);
        assertThat(availability.path("firing").toString()).contains("page", "ticket");
        JsonNode burnDown = availability.path("burnDown");
        assertThat(burnDown.size()).isBetween(720, 721);
        // The last hour holds the 40 bad answers: the whole window's budget is consumed many times over.
        assertThat(burnDown.get(burnDown.size() - 1).path("consumed").asDouble())
                .isEqualTo(40 / (0.001 * total), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(burnDown.get(0).path("consumed").asDouble()).isZero();

        JsonNode latency = slo(slos, "latency");
        assertThat(latency.path("objective").asDouble()).isEqualTo(0.95);
        // The 10 slow probes (a real login may add its own slow answer on a busy machine).
        assertThat(latency.path("bad").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(latency.path("sli").asDouble()).isLessThan(0.95);

        // The availability SLO pages (critical) and tickets (warning); ~10 % slow answers burn the latency budget
        // at about 2×: a ticket, no page.
        evaluator.evaluate();
        assertThat(firing())
                .contains("availability/page/critical", "availability/ticket/warning", "latency/ticket/warning")
                .doesNotContain("latency/page/critical");
        Alert page = alerts.firing().stream()
                .filter(a -> a.labels().equals(Map.of("slo", "availability", "urgency", "page")))
                .findFirst()
                .orElseThrow();
        assertThat(page.annotations().get("summary"))
                .startsWith("The availability SLO (99.9 % over 30d) is burning its error budget");

        // Ten quiet minutes: the 5-minute window is clean, but 6 h and 30 min still burn at over 6×: still paged.
        clock.advance(Duration.ofMinutes(10));
        evaluator.evaluate();
        assertThat(firing()).contains("availability/page/critical");

        // Thirty more: the 30-minute window is clean too and the page resolves; the 3-day ticket stays.
        clock.advance(Duration.ofMinutes(30));
        evaluator.evaluate();
        assertThat(firing()).doesNotContain("availability/page/critical").contains("availability/ticket/warning");
        assertThat(alerts.history("resolved", 10))
                .anySatisfy(a -> assertThat(a.labels()).containsEntry("urgency", "page"));
    }

    @Test
    void onlyTheOperatorReadsTheSlos() {
        Account member = accounts.signUp();
        assertThat(api.get("/api/v1/admin/slo")
                        .bearer(member.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/admin/slo").send().status()).isEqualTo(401);
        JsonNode document = api.get("/v3/api-docs").send().json().get("paths");
        assertThat(document.has("/api/v1/admin/slo")).isTrue();
        assertThat(document.has("/api/v1/admin/anomalies")).isTrue();
    }

    private List<String> firing() {
        return alerts.firing().stream()
                .filter(a -> a.name().equals("SloBurnRate"))
                .map(a -> a.labels().get("slo") + "/" + a.labels().get("urgency") + "/" + a.severity())
                .toList();
    }

    private static JsonNode slo(JsonNode slos, String name) {
        for (JsonNode slo : slos) {
            if (slo.path("name").asString().equals(name)) {
                return slo;
            }
        }
        throw new AssertionError("no SLO " + name + " in " + slos);
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
