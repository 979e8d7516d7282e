package io.levqor.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.AuditTrail;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.flags.internal.FlagCache;
import io.levqor.ops.flags.internal.FlagSettings;
import io.levqor.ops.flags.internal.FlagSnapshot;
import io.levqor.ops.flags.jdbc.FlagRepository;
import io.levqor.shared.FeatureFlags;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class FeatureFlagsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    FeatureFlags flags;

    @Autowired
    AuditTrail audit;

    @Autowired
    DataSource dataSource;

    @Autowired
    FlagRepository repository;

    @Autowired
    PlatformTransactionManager transactions;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorCreatesReadsListsChangesAndDeletesFlagsAndEachChangeIsAudited() {
        Account operator = operator();
        Account customer = accounts.signUp();
        WorkspaceId customerWorkspace = WorkspaceId.of(customer.workspaceId());

        Response created = api.put(
                        "/api/v1/admin/flags/new-editor",
                        Map.of(
                                "description",
                                "The new workflow editor",
                                "rollout",
                                List.of(Map.of("variant", "on", "percent", 0)),
                                "overrides",
                                Map.of(customer.workspaceId(), "on")))
                .bearer(operator.accessToken())
                .send();

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().path("kind").asString()).isEqualTo("boolean");
        assertThat(created.json().path("enabled").asBoolean()).isTrue();
        assertThat(created.json().path("defaultVariant").asString()).isEqualTo("off");
        assertThat(created.json().path("rollout").get(0).path("basisPoints").asInt())
                .isZero();
        assertThat(flags.enabled("new-editor", customerWorkspace, false))
                .as("applies on this node as soon as the call returns")
                .isTrue();
        assertThat(flags.enabled("new-editor", WorkspaceId.newId(), true)).isFalse();

        Response switchedOff = api.put(
                        "/api/v1/admin/flags/new-editor",
                        Map.of("enabled", false, "overrides", Map.of(customer.workspaceId(), "on")))
                .bearer(operator.accessToken())
                .send();
        assertThat(switchedOff.status()).isEqualTo(200);
        assertThat(flags.enabled("new-editor", customerWorkspace, true)).isFalse();

        JsonNode read = api.get("/api/v1/admin/flags/new-editor")
                .bearer(operator.accessToken())
                .send()
                .json();
        assertThat(read.path("enabled").asBoolean()).isFalse();
        assertThat(read.path("overrides").path(customer.workspaceId()).asString())
                .isEqualTo("on");
        assertThat(read.path("updatedBy").asString()).startsWith("user:");
        JsonNode listed = api.get("/api/v1/admin/flags")
                .bearer(operator.accessToken())
                .send()
                .json();
        assertThat(listed.path("items").get(0).path("key").asString()).isEqualTo("new-editor");

        assertThat(api.delete("/api/v1/admin/flags/new-editor")
                        .bearer(operator.accessToken())
                        .send()
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/admin/flags/new-editor")
                        .bearer(operator.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(flags.enabled("new-editor", customerWorkspace, true))
                .as("a deleted flag answers the caller's fallback")
                .isTrue();

        WorkspaceId operatorWorkspace = WorkspaceId.of(operator.workspaceId());
        var entries = audit.page(operatorWorkspace, null, 50);
        assertThat(entries)
                .filteredOn(e -> e.action().startsWith("flag."))
                .extracting(e -> e.action())
                .containsExactly("flag.deleted", "flag.updated", "flag.created");
        assertThat(entries.stream()
                        .filter(e -> e.action().equals("flag.updated"))
                        .findFirst()
                        .orElseThrow()
                        .target())
                .startsWith("flag:new-editor enabled=false");
        assertThat(audit.verify(operatorWorkspace).intact()).isTrue();
    }

    @Test
    void onlyTheOperatorReachesTheFlags() {
        Account operator = operator();
        Account customer = accounts.signUp();
        api.put("/api/v1/admin/flags/beta", Map.of())
                .bearer(operator.accessToken())
                .send();

        assertThat(api.get("/api/v1/admin/flags")
                        .bearer(customer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.put("/api/v1/admin/flags/beta", Map.of("enabled", false))
                        .bearer(customer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.delete("/api/v1/admin/flags/beta")
                        .bearer(customer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/admin/flags").send().status()).isEqualTo(401);
        assertThat(api.get("/api/v1/admin/flags/beta")
                        .bearer(operator.accessToken())
                        .send()
                        .json()
                        .path("enabled")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void badFlagsAreRefusedNamingEachField() {
        Account operator = operator();

        Response refused = api.put(
                        "/api/v1/admin/flags/layout",
                        Map.of(
                                "kind",
                                "variant",
                                "variants",
                                List.of("a", "b", "a"),
                                "defaultVariant",
                                "z",
                                "rollout",
                                List.of(
                                        Map.of("variant", "q", "percent", 60),
                                        Map.of("variant", "b", "percent", 50.001)),
                                "plans",
                                List.of("no-such-plan"),
                                "overrides",
                                Map.of("not-a-uuid", "a")))
                .bearer(operator.accessToken())
                .send();

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        List<String> fields = new java.util.ArrayList<>();
        refused.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "variants/2",
                        "defaultVariant",
                        "rollout/0/variant",
                        "rollout/1/percent",
                        "plans/0",
                        "overrides/not-a-uuid");
        Response badKey = api.put("/api/v1/admin/flags/Bad_Key", Map.of())
                .bearer(operator.accessToken())
                .send();
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.json().path("errors").get(0).path("field").asString()).isEqualTo("key");
        Response tooMuch = api.put(
                        "/api/v1/admin/flags/beta",
                        Map.of(
                                "rollout",
                                List.of(
                                        Map.of("variant", "on", "percent", 70),
                                        Map.of("variant", "off", "percent", 40))))
                .bearer(operator.accessToken())
                .send();
        assertThat(tooMuch.json().path("errors").get(0).path("field").asString())
                .isEqualTo("rollout");
        assertThat(repository.find("layout")).isEmpty();
    }

    @Test
    void aDeletedWorkspaceLosesItsOverrides() {
        Account operator = operator();
        Account owner = accounts.signUp();
        String second = api.post("/api/v1/workspaces", Map.of("name", "Doomed"))
                .bearer(owner.accessToken())
                .send()
                .json()
                .path("id")
                .asString();
        api.put("/api/v1/admin/flags/pinned", Map.of("overrides", Map.of(second, "on", owner.workspaceId(), "on")))
                .bearer(operator.accessToken())
                .send();
        String token = api.post("/api/v1/auth/switch-workspace", Map.of("workspaceId", second))
                .bearer(owner.accessToken())
                .send()
                .json()
                .path("accessToken")
                .asString();

        assertThat(api.delete("/api/v1/workspaces/" + second)
                        .bearer(token)
                        .send()
                        .status())
                .isEqualTo(204);

        await(
                Duration.ofSeconds(10),
                () -> repository.find("pinned").orElseThrow().overrides().size() == 1);
        assertThat(repository.find("pinned").orElseThrow().overrides()).containsOnlyKeys(owner.workspaceId());
        await(
                Duration.ofSeconds(10),
                () -> !flags.enabled("pinned", new WorkspaceId(java.util.UUID.fromString(second)), false));
    }

    @Test
    void aChangeOnOneNodeReachesASecondNodeThroughNotify() {
        Account operator = operator();
        // A poll interval of an hour: within the second allowed, only the NOTIFY can bring the change.
        FlagCache secondNode = new FlagCache(
                dataSource, repository, transactions, new FlagSettings(Duration.ofHours(1), Duration.ZERO));
        secondNode.start();
        try {
            awaitListening(secondNode, operator);

            api.put(
                            "/api/v1/admin/flags/second-node",
                            Map.of("rollout", List.of(Map.of("variant", "on", "percent", 100))))
                    .bearer(operator.accessToken())
                    .send();

            await(Duration.ofSeconds(1), () -> isOn(secondNode.snapshot(), "second-node"));
        } finally {
            secondNode.stop();
        }
    }

    @Test
    void pollingCatchesAChangeThatSentNoNotification() {
        FlagCache secondNode = new FlagCache(
                dataSource, repository, transactions, new FlagSettings(Duration.ofMillis(100), Duration.ZERO));
        secondNode.start();
        try {
            var jdbc = JdbcClient.create(dataSource);
            jdbc.sql("""
                            INSERT INTO ops_feature_flag (key, kind, enabled, variants, default_variant, rollout)
                            VALUES ('polled', 'boolean', true, '["on", "off"]', 'off',
                                    '[{"variant": "on", "basisPoints": 10000}]')
                            """).update();
            jdbc.sql("""
                            INSERT INTO ops_feature_flag_version (singleton, version)
                            VALUES (true, nextval('ops_feature_flag_change'))
                            ON CONFLICT (singleton) DO UPDATE SET version = excluded.version
                            """).update();

            await(Duration.ofSeconds(10), () -> isOn(secondNode.snapshot(), "polled"));
        } finally {
            secondNode.stop();
        }
    }

    // The listener subscribes on its own thread after start(): make a change and wait until it is seen, so the
    // measured change cannot fall before the LISTEN.
    private void awaitListening(FlagCache node, Account operator) {
        api.put("/api/v1/admin/flags/warm-up", Map.of())
                .bearer(operator.accessToken())
                .send();
        await(Duration.ofSeconds(10), () -> node.snapshot().find("warm-up") != null);
    }

    private static boolean isOn(FlagSnapshot snapshot, String key) {
        var flag = snapshot.find(key);
        return flag != null && flag.resolve("some-workspace", null).variant().equals("on");
    }

    private Account operator() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        String token = api.post(
                        "/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
        return new Account(
                operator.userId(),
                operator.workspaceId(),
                operator.email(),
                operator.password(),
                token,
                operator.refreshToken(),
                operator.role());
    }

    private static void await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within " + timeout);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
