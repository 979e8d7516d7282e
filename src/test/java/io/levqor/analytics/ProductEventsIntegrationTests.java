package io.levqor.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.analytics.internal.AnalyticsSettings;
import io.levqor.analytics.internal.EventPartitions;
import io.levqor.analytics.internal.EventRateLimit;
import io.levqor.analytics.internal.RunOutcomeRecorder;
import io.levqor.billing.PaymentSucceeded;
import io.levqor.billing.SubscriptionChanged;
import io.levqor.billing.SubscriptionState;
import io.levqor.engine.RunFailed;
import io.levqor.engine.RunSucceeded;
import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.workflow.Trigger;
import io.levqor.workflow.WorkflowChanged;
import io.levqor.workflow.WorkflowId;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@LevqorIntegrationTest
class ProductEventsIntegrationTests {

    @Autowired
    RunOutcomeRecorder runOutcomes;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    EventRateLimit rateLimit;

    @Autowired
    MutableClock clock;

    @Autowired
    EventPartitions partitions;

    @Test
    void domainEventsAreRecordedOnceEachEvenWhenDeliveredTwice() {
        Account account = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(account.workspaceId());
        await(() -> count("signed_up", workspace) == 1
                && count("workspace_created", workspace) == 1
                && count("member_joined", workspace) == 1);
        assertThat(jdbc.sql("SELECT user_id::text FROM analytics_event WHERE name = 'signed_up'")
                        .query(String.class)
                        .single())
                .isEqualTo(account.userId());

        WorkflowId workflow = new WorkflowId(UUID.randomUUID());
        UUID run = UUID.randomUUID();
        UUID payment = UUID.randomUUID();
        UUID subscription = UUID.randomUUID();
        Instant upgradedAt = clock.instant();
        // Every event twice, as a redelivery after a crash would bring it.
        for (int delivery = 0; delivery < 2; delivery++) {
            publish(new WorkflowChanged(workspace, workflow, 1, false, false, Trigger.manual()));
            publish(new WorkflowChanged(workspace, workflow, 1, true, false, Trigger.manual()));
            publish(new WorkflowChanged(workspace, workflow, 2, true, false, Trigger.manual()));
            publish(new PaymentSucceeded(
                    workspace, payment, "stripe", "pro", Money.of(7900, "USD"), 10_000, upgradedAt));
            publish(new SubscriptionChanged(
                    workspace, subscription, "stripe", "pro", null, SubscriptionState.ACTIVE, "pro", upgradedAt));
        }
        // A run's end is heard once, in the engine's transaction, and written in a batch after it commits.
        publish(new RunSucceeded(workspace, run, workflow.value()));
        publish(new RunFailed(workspace, UUID.randomUUID(), workflow.value(), "boom"));
        runOutcomes.flush();
        await(() -> count("plan_upgraded", workspace) == 1
                && count("run_succeeded", workspace) == 1
                && count("run_failed", workspace) == 1);
        // A later move to a smaller plan is a downgrade, judged against the plan recorded before it.
        Instant downgradedAt = upgradedAt.plusSeconds(60);
        publish(new SubscriptionChanged(
                workspace,
                subscription,
                "stripe",
                "pro",
                SubscriptionState.ACTIVE,
                SubscriptionState.CANCELED,
                "free",
                downgradedAt));
        await(() -> count("plan_downgraded", workspace) == 1);

        assertThat(count("workflow_created", workspace)).isEqualTo(1);
        assertThat(count("workflow_activated", workspace)).isEqualTo(1);
        assertThat(count("payment_succeeded", workspace)).isEqualTo(1);
        assertThat(count("plan_changed", workspace)).isEqualTo(2);
        assertThat(count("plan_upgraded", workspace)).isEqualTo(1);
        assertThat(jdbc.sql("""
                        SELECT properties ->> 'amount' || ' ' || (properties ->> 'currency') FROM analytics_event
                         WHERE name = 'payment_succeeded'
                        """).query(String.class).single()).isEqualTo("7900 USD");
        assertThat(jdbc.sql("SELECT source FROM analytics_event WHERE name = 'run_succeeded'")
                        .query(String.class)
                        .single())
                .isEqualTo("server");

        // Append-only: history cannot be rewritten.
        assertThatThrownBy(() -> jdbc.sql("UPDATE analytics_event SET name = 'x' WHERE name = 'signed_up'")
                        .update())
                .hasMessageContaining("append-only");
    }

    @Test
    void clientBatchesAreValidatedWholeNamedByPointerAndRateLimited() {
        // Back to months no partition was made for at start: the writer makes them as it meets them.
        clock.advance(Duration.ofDays(-120));
        Instant serverNow = clock.instant();
        Instant backdated = serverNow.minus(Duration.ofDays(29)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        YearMonth thisMonth = YearMonth.from(serverNow.atOffset(ZoneOffset.UTC));
        YearMonth earlier = YearMonth.from(backdated.atOffset(ZoneOffset.UTC));
        jdbc.sql("DROP TABLE IF EXISTS " + partition(thisMonth)).update();
        jdbc.sql("DROP TABLE IF EXISTS " + partition(earlier)).update();
        partitions.forget();
        Account account = accounts.signUp();

        var accepted = api.post(
                        "/api/v1/events",
                        Map.of(
                                "events",
                                List.of(
                                        Map.of("name", "page_viewed", "properties", Map.of("path", "/workflows")),
                                        Map.of(
                                                "name",
                                                "builder_opened",
                                                "timestamp",
                                                backdated.toString(),
                                                "properties",
                                                Map.of("steps", 3, "dark", true, "ratio", 0.5)),
                                        Map.of("name", "tour_done"))))
                .bearer(account.accessToken())
                .send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().get("accepted").asInt()).isEqualTo(3);
        List<Map<String, Object>> rows = jdbc.sql("""
                        SELECT name, occurred_at, workspace_id::text AS ws, user_id::text AS usr, source,
                               properties::text AS props
                          FROM analytics_event WHERE source = 'client' ORDER BY name
                        """).query().listOfRows();
        assertThat(rows).extracting(r -> r.get("name")).containsExactly("builder_opened", "page_viewed", "tour_done");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("ws")).isEqualTo(account.workspaceId());
            assertThat(r.get("usr")).isEqualTo(account.userId());
        });
        assertThat(((java.sql.Timestamp) rows.get(0).get("occurred_at")).toInstant())
                .isEqualTo(backdated);
        assertThat((String) rows.get(0).get("props")).contains("\"steps\": 3", "\"dark\": true", "\"ratio\": 0.5");
        assertThat(partitions()).contains(partition(earlier), partition(thisMonth));

        // A bad batch is refused whole, every broken rule named by its pointer.
        var refused =
                api.post("/api/v1/events", """
                        {"events": [
                          {"name": "fine_event"},
                          {"name": "Bad-Name"},
                          {"name": "signed_up"},
                          {"name": "x", "timestamp": "yesterday"},
                          {"name": "x", "timestamp": "2001-01-01T00:00:00Z"},
                          {"name": "x", "properties": {"nested": {"a": 1}}},
                          {"name": "x", "properties": [1]},
                          {"name": "x", "colour": "red"},
                          "text"
                        ]}
                        """).bearer(account.accessToken()).send();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        refused.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields)
                .containsExactly(
                        "/events/1/name",
                        "/events/2/name",
                        "/events/3/timestamp",
                        "/events/4/timestamp",
                        "/events/5/properties/nested",
                        "/events/6/properties",
                        "/events/7/colour",
                        "/events/8");
        assertThat(count("fine_event", null)).isZero();

        var tooMany = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("name", "e"));
        }
        var tooLarge = api.post("/api/v1/events", Map.of("events", tooMany))
                .bearer(account.accessToken())
                .send();
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.json().get("errors").get(0).get("field").asString()).isEqualTo("/events");
        assertThat(api.post("/api/v1/events", "[]")
                        .bearer(account.accessToken())
                        .send()
                        .json()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("/");
        assertThat(api.post("/api/v1/events", Map.of("events", List.of()))
                        .send()
                        .status())
                .isEqualTo(401);

        // Counted in events: a workspace allowed 5 at once may send 3 and then 2, not 1 more.
        AnalyticsSettings.RateLimit previous =
                rateLimit.limits(new AnalyticsSettings.RateLimit(true, 1, 5, Duration.ofHours(1)));
        try {
            assertThat(send(account, 3).status()).isEqualTo(202);
            assertThat(send(account, 2).status()).isEqualTo(202);
            var limited = send(account, 1);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().get("type").asString()).endsWith("/rate-limited");
            assertThat(limited.header("Retry-After")).isNotNull();
        } finally {
            rateLimit.limits(previous);
        }
        assertThat(count("rated", null)).isEqualTo(5);
    }

    private HttpApi.Response send(Account account, int events) {
        var batch = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < events; i++) {
            batch.add(Map.of("name", "rated"));
        }
        return api.post("/api/v1/events", Map.of("events", batch))
                .bearer(account.accessToken())
                .send();
    }

    private void publish(Object event) {
        transactions.executeWithoutResult(status -> publisher.publishEvent(event));
    }

    private long count(String name, WorkspaceId workspace) {
        return jdbc.sql("""
                        SELECT count(*) FROM analytics_event
                         WHERE name = :name AND (CAST(:ws AS uuid) IS NULL OR workspace_id = CAST(:ws AS uuid))
                        """)
                .param("name", name)
                .param("ws", workspace == null ? null : workspace.value())
                .query(Long.class)
                .single();
    }

    private List<String> partitions() {
        return jdbc.sql("""
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                         WHERE i.inhparent = 'analytics_event'::regclass
                        """).query(String.class).list();
    }

    private static String partition(YearMonth month) {
        return "analytics_event_%d_%02d".formatted(month.getYear(), month.getMonthValue());
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 20s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }
}
