package io.levqor.ops.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.Credits;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.connectors.Peer;
import io.levqor.connectors.Peer.Reply;
import io.levqor.engine.OperatorRuns;
import io.levqor.engine.Runs;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.levqor.ops.backup.jdbc.BackupRepository;
import io.levqor.shared.Ids;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.Workflows;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@LevqorIntegrationTest
class AlertsIntegrationTests {

    @Autowired
    AlertRepository repository;

    @Autowired
    AlertSettings settings;

    @Autowired
    AlertEvaluator evaluator;

    @Autowired
    AlertChannels channels;

    @Autowired
    AlertMetrics metrics;

    @Autowired
    AlertSubscriptions subscriptions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    BackupRepository backups;

    @Autowired
    Workflows workflows;

    @Autowired
    Runs runs;

    @Autowired
    Credits credits;

    @Autowired
    AccountRepository billingAccounts;

    @Autowired
    MutableClock clock;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OperatorRuns operatorRuns;

    @Autowired
    TransactionTemplate transactions;

    final Peer peer = new Peer();

    @AfterEach
    void stop() {
        peer.close();
        operators.apply("");
    }

    @Test
    void anAlertStormNotifiesOncePerGroupIntervalPerChannelFromOneNodeAndResolvesOnce() throws Exception {
        peer.on("/slack", Reply.text(200, "ok")).on("/teams", Reply.text(200, "1"));
        // Two nodes: two notifiers on the same database, each with both channels.
        AlertNotifier first = notifier();
        AlertNotifier second = notifier();

        WorkspaceId stormy = workspace();
        failRuns(stormy, 1000);
        evaluator.evaluate();
        assertThat(repository.firing())
                .extracting(Alert::name)
                .containsExactlyInAnyOrder("FailedRunRate", "WorkspaceFailedRunRate");
        assertThat(repository.firing())
                .filteredOn(a -> a.name().equals("WorkspaceFailedRunRate"))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.labels())
                            .containsEntry("workspace", stormy.value().toString());
                    assertThat(a.annotations().get("summary")).startsWith("1000 of 1000 runs failed");
                    assertThat(a.severity()).isEqualTo("warning");
                });
        metrics.refresh();
        assertThat(meters.get("levqor.alerts.firing")
                        .tag("severity", "critical")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(meters.get("levqor.alerts.firing")
                        .tag("severity", "warning")
                        .gauge()
                        .value())
                .isEqualTo(1.0);

        // Within the group wait nothing goes out; after it, one message per group per channel, from one node only.
        assertThat(bothNodes(first, second)).isZero();
        clock.advance(Duration.ofSeconds(30));
        assertThat(bothNodes(first, second)).isEqualTo(4);
        assertThat(peer.count("/slack")).isEqualTo(2);
        assertThat(peer.count("/teams")).isEqualTo(2);
        assertThat(peer.received().stream().map(Peer.Received::text))
                .anySatisfy(body -> assertThat(body).contains("[FIRING:1] FailedRunRate (critical)"))
                .anySatisfy(body -> assertThat(body).contains("[FIRING:1] WorkspaceFailedRunRate (warning)"));

        // The storm goes on and a second workspace joins it: the changed group waits for its group interval.
        WorkspaceId another = workspace();
        failRuns(another, 20);
        for (int round = 0; round < 4; round++) {
            evaluator.evaluate();
            clock.advance(Duration.ofMinutes(1));
            assertThat(bothNodes(first, second)).isZero();
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(bothNodes(first, second)).isEqualTo(2); // the workspace group changed; the platform one did not
        assertThat(peer.count("/slack")).isEqualTo(3);
        assertThat(peer.count("/teams")).isEqualTo(3);
        assertThat(peer.last().text()).contains("[FIRING:2] WorkspaceFailedRunRate");
        assertThat(bothNodes(first, second)).isZero();

        // Unchanged groups are repeated after the repeat interval (4 h), not before.
        clock.advance(Duration.ofHours(4).minusMinutes(6));
        assertThat(bothNodes(first, second)).isZero();
        clock.advance(Duration.ofMinutes(6));
        assertThat(bothNodes(first, second)).isEqualTo(4);

        // The failures stop (the window moves past them): every alert resolves, and each group is told once.
        evaluator.evaluate();
        assertThat(repository.firing()).isEmpty();
        assertThat(repository.history("resolved", 10))
                .hasSize(3)
                .allSatisfy(a -> assertThat(a.endsAt()).isNotNull());
        clock.advance(Duration.ofMinutes(5));
        assertThat(bothNodes(first, second)).isEqualTo(4);
        assertThat(peer.received().stream().map(Peer.Received::text).filter(t -> t.contains("[RESOLVED]")))
                .hasSize(4);
        clock.advance(Duration.ofHours(5));
        assertThat(bothNodes(first, second)).isZero();
        assertThat(peer.received()).hasSize(14);
        metrics.refresh();
        assertThat(meters.get("levqor.alerts.firing")
                        .tag("severity", "critical")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void silencesHoldUntilTheyExpireAndTheOperatorReadsTheHistory() throws Exception {
        peer.on("/slack", Reply.text(200, "ok")).on("/teams", Reply.text(200, "1"));
        AlertNotifier node = new AlertNotifier(
                repository,
                settings.withChannels(List.of(
                        new AlertSettings.Channel("ops-slack", "slack", peer.url("/slack"), null, null, null, null),
                        new AlertSettings.Channel(
                                "ops-mail", "email", null, null, null, "ops@example.com", List.of("critical")))),
                channels,
                subscriptions,
                clock);
        failedBackup();
        evaluator.evaluate();
        String token = operator();

        var silence = api.post(
                        "/api/v1/admin/alerts/silences",
                        Map.of(
                                "matchers",
                                List.of(Map.of("name", "alertname", "value", "Backup.*", "regex", true)),
                                "endsAt",
                                clock.instant().plus(Duration.ofHours(1)).toString(),
                                "comment",
                                "disk replaced tonight"))
                .bearer(token)
                .send();
        assertThat(silence.status()).as(silence.body()).isEqualTo(201);
        String silenceId = silence.json().path("id").asString();

        clock.advance(Duration.ofMinutes(10));
        assertThat(node.notifyDue()).isZero();
        assertThat(api.get("/api/v1/admin/alerts/silences")
                        .bearer(token)
                        .send()
                        .json()
                        .path("items"))
                .hasSize(1);

        var expired = api.delete("/api/v1/admin/alerts/silences/" + silenceId)
                .bearer(token)
                .send();
        assertThat(expired.status()).as(expired.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/admin/alerts/silences")
                        .bearer(token)
                        .send()
                        .json()
                        .path("items"))
                .isEmpty();
        assertThat(node.notifyDue()).isEqualTo(2);
        assertThat(peer.last().text()).contains("BackupFailed").contains("The last backup");
        // E-mail goes through the mail outbox, which delivers and retries it.
        assertThat(jdbc.sql(
                                "SELECT subject FROM mail_outbox WHERE recipient = 'ops@example.com' AND category = 'alert'")
                        .query(String.class)
                        .list())
                .containsExactly("[FIRING:1] BackupFailed (critical)");

        var firing = api.get("/api/v1/admin/alerts?state=firing").bearer(token).send();
        assertThat(firing.status()).isEqualTo(200);
        assertThat(firing.json().path("items").get(0).path("name").asString()).isEqualTo("BackupFailed");
        assertThat(firing.json().path("items").get(0).path("fingerprint").asString())
                .hasSize(64);
        assertThat(api.get("/api/v1/admin/alerts?state=resolved")
                        .bearer(token)
                        .send()
                        .json()
                        .path("items"))
                .isEmpty();
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndOnlyTheOperatorGetsIn() {
        String token = operator();
        var badState =
                api.get("/api/v1/admin/alerts?state=pending").bearer(token).send();
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.body()).contains("state");
        var noMatchers = api.post(
                        "/api/v1/admin/alerts/silences",
                        Map.of("matchers", List.of(), "endsAt", "2099-01-01T00:00:00Z", "comment", "x"))
                .bearer(token)
                .send();
        assertThat(noMatchers.status()).isEqualTo(400);
        assertThat(noMatchers.body()).contains("matchers");
        var badRegex = api.post(
                        "/api/v1/admin/alerts/silences",
                        Map.of(
                                "matchers",
                                List.of(Map.of("name", "alertname", "value", "(", "regex", true)),
                                "endsAt",
                                "2099-01-01T00:00:00Z",
                                "comment",
                                "x"))
                .bearer(token)
                .send();
        assertThat(badRegex.status()).isEqualTo(400);
        assertThat(badRegex.body()).contains("matchers[0].value");
        var past = api.post(
                        "/api/v1/admin/alerts/silences",
                        Map.of(
                                "matchers",
                                List.of(Map.of("name", "alertname", "value", "X")),
                                "endsAt",
                                "2000-01-01T00:00:00Z"))
                .bearer(token)
                .send();
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.body()).contains("endsAt").contains("comment");
        assertThat(api.get("/api/v1/admin/alerts/silences/" + UUID.randomUUID())
                        .bearer(token)
                        .send()
                        .status())
                .isEqualTo(404);

        Account member = accounts.signUp();
        assertThat(api.get("/api/v1/admin/alerts")
                        .bearer(member.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/admin/alerts/silences").send().status()).isEqualTo(401);

        var document = api.get("/v3/api-docs").send().json().get("paths");
        assertThat(document.has("/api/v1/admin/alerts")).isTrue();
        assertThat(document.at("/~1api~1v1~1admin~1alerts~1silences/post/responses")
                        .has("201"))
                .isTrue();
    }

    @Test
    void twoNodesEvaluatingAtOnceOpenEachAlertOnceAndABackupSuccessResolvesIt() throws Exception {
        failedBackup();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> rounds = IntStream.range(0, 2)
                    .mapToObj(i -> pool.submit(() -> {
                        start.await();
                        return evaluator.evaluate();
                    }))
                    .toList();
            start.countDown();
            for (Future<Boolean> round : rounds) {
                round.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(repository.history(null, 10)).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("BackupFailed");
            assertThat(a.severity()).isEqualTo("critical");
            assertThat(a.fingerprint()).isEqualTo(Alert.fingerprint("BackupFailed", Map.of()));
        });

        UUID ok = Ids.newId();
        backups.start(ok, null, "api", clock.instant().plusSeconds(1), "local:test");
        backups.finish(ok, clock.instant().plusSeconds(2), outcome("succeeded", null));
        evaluator.evaluate();
        assertThat(repository.firing()).isEmpty();

        // A day and more without a verified backup: stale.
        clock.advance(Duration.ofHours(27));
        evaluator.evaluate();
        assertThat(repository.firing()).extracting(Alert::name).containsExactly("BackupStale");

        // The operator switches the backup rules off: what they raised resolves instead of firing for ever.
        AlertSettings off = new AlertSettings(
                false,
                settings.interval(),
                settings.groupWait(),
                settings.groupInterval(),
                settings.repeatInterval(),
                null,
                settings.failedRuns(),
                settings.queue(),
                new AlertSettings.Backup(false, Duration.ofHours(26), "critical"),
                null);
        new AlertEvaluator(
                        new AlertRules(
                                off,
                                repository,
                                operatorRuns,
                                backups,
                                clock,
                                new StaticListableBeanFactory().getBeanProvider(AlertRule.class)),
                        repository,
                        off,
                        transactions,
                        clock)
                .evaluate();
        assertThat(repository.firing()).isEmpty();
    }

    @Test
    void aWorkspaceSubscribesItsOwnChannelToItsWorkflowsFailuresAndOnlyItHearsOfThem() throws Exception {
        peer.on("/slack", Reply.text(200, "ok"))
                .on("/teams", Reply.text(200, "1"))
                .on("/ws/T1/secret", Reply.text(200, "ok"));
        Account owner = accounts.signUp();
        WorkspaceId subscribed = unlimited(owner);
        Account viewer = accounts.member(owner, Role.VIEWER);
        Map<String, Object> slack = Map.of("type", "slack", "webhookUrl", peer.url("/ws/T1/secret"));
        assertThat(api.put("/api/v1/alert-subscription", slack)
                        .bearer(viewer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        var noUrl = api.put("/api/v1/alert-subscription", Map.of("type", "slack"))
                .bearer(owner.accessToken())
                .send();
        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(noUrl.body()).contains("webhookUrl");
        var badType = api.put("/api/v1/alert-subscription", Map.of("type", "pager"))
                .bearer(owner.accessToken())
                .send();
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body()).contains("type");
        assertThat(api.get("/api/v1/alert-subscription")
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);

        var saved = api.put("/api/v1/alert-subscription", slack)
                .bearer(owner.accessToken())
                .send();
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().path("type").asString()).isEqualTo("slack");
        var read = api.get("/api/v1/alert-subscription")
                .bearer(owner.accessToken())
                .send();
        assertThat(read.status()).isEqualTo(200);
        // The webhook URL holds a token: never shown back, stored sealed.
        assertThat(saved.body() + read.body()).doesNotContain("secret");
        byte[] stored = jdbc.sql("SELECT destination FROM ops_alert_subscription WHERE tenant_id = :tenant")
                .param("tenant", subscribed.value())
                .query(byte[].class)
                .single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("secret");

        // Failures below the rate rules' volume: only the subscribed workspace's workflow raises an alert.
        failRuns(subscribed, 3);
        failRuns(workspace(), 3);
        evaluator.evaluate();
        assertThat(repository.firing()).singleElement().satisfies(alert -> {
            assertThat(alert.name()).isEqualTo("WorkflowFailed");
            assertThat(alert.labels())
                    .containsEntry("workspace", subscribed.value().toString());
            assertThat(alert.annotations().get("summary")).startsWith("3 runs of workflow");
        });

        AlertNotifier first = notifier();
        AlertNotifier second = notifier();
        assertThat(bothNodes(first, second)).isZero();
        clock.advance(Duration.ofSeconds(30));
        assertThat(bothNodes(first, second)).isEqualTo(1);
        assertThat(peer.count("/ws/T1/secret")).isEqualTo(1);
        assertThat(peer.count("/slack") + peer.count("/teams")).isZero();
        assertThat(peer.last().text()).contains("[FIRING:1] WorkflowFailed");

        // When the failures stop, the workspace hears "resolved" once.
        clock.advance(Duration.ofMinutes(20));
        evaluator.evaluate();
        assertThat(bothNodes(first, second)).isEqualTo(1);
        assertThat(peer.last().text()).contains("[RESOLVED] WorkflowFailed");
        assertThat(bothNodes(first, second)).isZero();

        String token = login(owner); // the first access token expired while the clock moved
        assertThat(api.delete("/api/v1/alert-subscription").bearer(token).send().status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/alert-subscription").bearer(token).send().status())
                .isEqualTo(404);
    }

    // ---- fixtures

    private AlertNotifier notifier() {
        AlertSettings local = settings.withChannels(List.of(
                new AlertSettings.Channel("ops-slack", "slack", peer.url("/slack"), null, null, null, null),
                new AlertSettings.Channel(
                        "ops-teams", "teams", peer.url("/teams"), null, null, null, List.of("critical", "warning"))));
        return new AlertNotifier(repository, local, channels, subscriptions, clock);
    }

    /** Both nodes run a notification round at the same moment; answers how many messages they sent in all. */
    private static int bothNodes(AlertNotifier first, AlertNotifier second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> a = pool.submit(() -> {
                start.await();
                return first.notifyDue();
            });
            Future<Integer> b = pool.submit(() -> {
                start.await();
                return second.notifyDue();
            });
            start.countDown();
            return a.get() + b.get();
        } finally {
            pool.shutdown();
        }
    }

    private WorkspaceId workspace() {
        return unlimited(accounts.signUp());
    }

    private WorkspaceId unlimited(Account owner) {
        WorkspaceId workspace = new WorkspaceId(UUID.fromString(owner.workspaceId()));
        credits.grantSignupCredits(workspace);
        billingAccounts.setPlan(workspace, "business", clock.instant());
        credits.grant(workspace, 1_000_000, "alert-tests");
        return workspace;
    }

    /** Starts {@code count} runs of one workflow whose only step fails for good, and waits until all are counted. */
    private void failRuns(WorkspaceId workspace, int count) throws Exception {
        // A slack step without text fails permanently before it calls anyone.
        WorkflowId workflow = workflows
                .create(
                        workspace,
                        null,
                        "storm " + UUID.randomUUID(),
                        Map.of(
                                "trigger",
                                Map.of("type", "manual"),
                                "steps",
                                List.of(Map.of("id", "ping", "type", "slack", "webhookUrl", peer.url("/never")))),
                        true,
                        null)
                .id();
        Instant since = clock.instant().minusSeconds(60);
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                starters.submit(() -> runs.start(workspace, workflow, Map.of(), null));
            }
        }
        await(
                count + " failed runs of " + workspace + " to be counted",
                () -> repository.failuresPerWorkspace(since).getOrDefault(workspace, 0L),
                n -> n == count);
        assertThat(peer.count("/never")).isZero();
    }

    private void failedBackup() {
        UUID id = Ids.newId();
        backups.start(id, null, "api", clock.instant(), "local:test");
        backups.finish(id, clock.instant(), outcome("failed", "disk full"));
    }

    private static BackupRepository.Outcome outcome(String status, String error) {
        return new BackupRepository.Outcome(status, null, null, 10, null, null, null, null, false, null, error);
    }

    private String operator() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        return login(operator);
    }

    private String login(Account operator) {
        return api.post("/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            last = probe.get();
        }
        return last;
    }
}
