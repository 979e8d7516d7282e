package io.levqor.ops.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.alerts.AlertEvaluator;
import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.levqor.ops.series.MinuteCounters;
import io.levqor.ops.series.Series;
import io.levqor.ops.series.jdbc.MinuteSeriesRepository;
import io.levqor.ops.series.jdbc.MinuteSeriesRepository.Row;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class AnomalyIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    MutableClock clock;

    @Autowired
    MinuteCounters counters;

    @Autowired
    MinuteSeriesRepository store;

    @Autowired
    RunSeries runSeries;

    @Autowired
    AlertEvaluator evaluator;

    @Autowired
    AlertRepository alerts;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    final Random random = new Random(7);

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void syntheticSeriesAlertOnASpikeAndAMeaningfulDropButNotOnNoiseOrAQuietBlip() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        // Four weeks of history around this hour of the week; the recent minutes (and a couple ahead, should the
        // minute turn during the test) carry today's behaviour.
        history(Series.RUNS_STARTED, now, m -> noise(40));
        recent(Series.RUNS_STARTED, now, m -> noise(40)); // ordinary noise
        history(Series.SIGNUPS, now, m -> noise(30));
        recent(Series.SIGNUPS, now, m -> 120); // a real spike
        history(Series.PAYMENTS, now, m -> noise(40));
        recent(Series.PAYMENTS, now, m -> 1); // a meaningful drop
        history(Series.RUNS_FAILED, now, m -> m % 20 == 0 ? 1 : 0);
        // Beyond the band (3.05 a minute), but 17 or 18 in five minutes is below the 20 it takes.
        recent(Series.RUNS_FAILED, now, m -> m % 2 == 0 ? 4 : 3);

        evaluator.evaluate();
        assertThat(alerts.firing())
                .filteredOn(a -> a.name().equals("Anomaly"))
                .extracting(a -> a.labels().get("series") + "/" + a.severity())
                .containsExactlyInAnyOrder("signups/warning", "payments/warning");
        assertThat(alerts.firing())
                .filteredOn(a -> a.labels().getOrDefault("series", "").equals("signups"))
                .singleElement()
                .satisfies(a -> assertThat(a.annotations().get("summary"))
                        .startsWith("signups: a spike, 120.0 per minute over the last 5"));

        String token = operator();
        JsonNode series =
                api.get("/api/v1/admin/anomalies").bearer(token).send().json().path("series");
        assertThat(state(series, Series.RUNS_STARTED)).isEqualTo("normal");
        assertThat(state(series, Series.SIGNUPS)).isEqualTo("spike");
        assertThat(state(series, Series.PAYMENTS)).isEqualTo("drop");
        assertThat(state(series, Series.RUNS_FAILED)).isEqualTo("quiet");
        JsonNode signups = find(series, Series.SIGNUPS);
        assertThat(signups.path("current").asDouble()).isEqualTo(120.0);
        assertThat(signups.path("mean").asDouble()).isBetween(27.0, 33.0);
        assertThat(signups.path("upper").asDouble()).isBetween(40.0, 50.0);
        assertThat(signups.path("baselineWeeks").asInt()).isEqualTo(4);
        assertThat(signups.path("minVolume").asLong()).isEqualTo(10);
        // The last three hours and this one so far, per minute, each with its hour's band.
        JsonNode points = signups.path("points");
        assertThat(points.size()).isBetween(180, 240);
        JsonNode last = points.get(points.size() - 1);
        assertThat(last.path("value").asLong()).isEqualTo(120);
        assertThat(last.path("upper").asDouble()).isBetween(40.0, 50.0);

        // The spike passes: its alert resolves.
        recent(Series.SIGNUPS, now, m -> 30);
        evaluator.evaluate();
        assertThat(alerts.firing())
                .filteredOn(a -> a.name().equals("Anomaly"))
                .extracting(a -> a.labels().get("series"))
                .containsExactly("payments");
    }

    @Test
    void signupsAndRunsReachTheirSeriesAndAFreshStoreIsLearning() {
        Account account = accounts.signUp();
        Instant since = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // The signup event is delivered after its commit, on another thread.
        while (sum(Series.SIGNUPS, since) < 1) {
            assertThat(System.nanoTime()).as("the signup to be counted").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            counters.flush();
        }
        var created = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "counted",
                                "definition",
                                Map.of(
                                        "trigger",
                                        Map.of("type", "manual"),
                                        "steps",
                                        List.of(Map.of("id", "s", "type", "scripted")))))
                .bearer(account.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var run = api.post(
                        "/api/v1/workflows/" + created.json().get("id").asString() + "/runs", Map.of("input", Map.of()))
                .bearer(account.accessToken())
                .send();
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        runSeries.copy();
        runSeries.copy(); // idempotent: the runs table is the truth, the copy sets
        assertThat(sum(Series.RUNS_STARTED, since)).isEqualTo(1);

        // The store began minutes ago: no past week to compare with.
        assertThat(state(
                        api.get("/api/v1/admin/anomalies")
                                .bearer(operatorToken(account))
                                .send()
                                .json()
                                .path("series"),
                        Series.SIGNUPS))
                .isEqualTo("learning");
    }

    private long sum(String series, Instant since) {
        return store.sums(List.of(series), List.of(since), since.plus(Duration.ofHours(1)))
                .get(series)[0];
    }

    private long noise(double mean) {
        return Math.max(0, Math.round(mean + random.nextGaussian() * Math.sqrt(mean)));
    }

    /** The same hours (three before now to two after) in each of the past four weeks. */
    private void history(String series, Instant now, LongUnaryOperator value) {
        List<Row> rows = new ArrayList<>();
        Instant from = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        for (int week = 1; week <= 4; week++) {
            for (int m = 0; m < 6 * 60; m++) {
                Instant at = from.plus(Duration.ofMinutes(m)).minus(Duration.ofDays(7L * week));
                rows.add(new Row(series, at, value.applyAsLong(m)));
            }
        }
        for (int i = 0; i < rows.size(); i += 1000) {
            store.set(rows.subList(i, Math.min(rows.size(), i + 1000)));
        }
    }

    /** Ten minutes before now to two after. */
    private void recent(String series, Instant now, LongUnaryOperator value) {
        List<Row> rows = new ArrayList<>();
        for (int m = -10; m < 2; m++) {
            rows.add(new Row(series, now.plus(Duration.ofMinutes(m)), value.applyAsLong(m)));
        }
        store.set(rows);
    }

    private static String state(JsonNode series, String name) {
        return find(series, name).path("state").asString();
    }

    private static JsonNode find(JsonNode series, String name) {
        for (JsonNode one : series) {
            if (one.path("series").asString().equals(name)) {
                return one;
            }
        }
        throw new AssertionError("no series " + name + " in " + series);
    }

    private String operatorToken(Account account) {
        operators.apply(account.email());
        return login(account);
    }

    private String operator() {
        return operatorToken(accounts.signUp());
    }

    private String login(Account account) {
        return api.post("/api/v1/auth/login", Map.of("email", account.email(), "password", account.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }
}
