package io.levqor.ops.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import io.levqor.ops.FeatureFlag;
import io.levqor.ops.FeatureFlag.Allocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Rollout, plan targeting, overrides and the kill switch, evaluated through the OpenFeature client. */
class FlagEvaluationTests {

    static final int WORKSPACES = 10_000;

    final AtomicReference<FlagSnapshot> snapshot = new AtomicReference<>(FlagSnapshot.EMPTY);
    final Client client = client(snapshot);
    final List<String> workspaces = workspaces(WORKSPACES, 42);

    @Test
    void rolloutPercentagesHoldWithinTwoPercentOverTenThousandWorkspaces() {
        for (double percent : new double[] {1, 5, 10, 25, 33.33, 50, 75, 90, 99}) {
            use(booleanFlag("rollout", true, List.of(new Allocation("on", (int) Math.round(percent * 100)))));

            long on = workspaces.stream()
                    .filter(w -> client.getBooleanValue("rollout", false, new ImmutableContext(w)))
                    .count();

            assertThat(100.0 * on / WORKSPACES)
                    .as("share of %s %% rollout", percent)
                    .isBetween(percent - 2, percent + 2);
        }
    }

    @Test
    void eachWorkspaceKeepsItsAnswerAndWidensOnlyOutwards() {
        use(booleanFlag("stable", true, List.of(new Allocation("on", 2000))));
        Map<String, Boolean> first = answers("stable");
        // A fresh provider (another node, a restart) answers the same.
        AtomicReference<FlagSnapshot> otherNode = new AtomicReference<>(snapshot.get());
        Client other = client(otherNode);
        workspaces.forEach(w -> assertThat(other.getBooleanValue("stable", false, new ImmutableContext(w)))
                .isEqualTo(first.get(w)));
        assertThat(answers("stable")).isEqualTo(first);

        use(booleanFlag("stable", true, List.of(new Allocation("on", 4000))));

        Map<String, Boolean> widened = answers("stable");
        first.forEach((w, on) -> {
            if (on) {
                assertThat(widened.get(w))
                        .as("workspace %s stays in when the rollout grows", w)
                        .isTrue();
            }
        });
    }

    @Test
    void differentFlagsSpreadWorkspacesIndependently() {
        use(
                booleanFlag("a", true, List.of(new Allocation("on", 5000))),
                booleanFlag("b", true, List.of(new Allocation("on", 5000))));

        long both = workspaces.stream()
                .filter(w -> client.getBooleanValue("a", false, new ImmutableContext(w))
                        && client.getBooleanValue("b", false, new ImmutableContext(w)))
                .count();

        assertThat(100.0 * both / WORKSPACES).isBetween(23.0, 27.0);
    }

    @Test
    void multiVariantRolloutSplitsInOrderAndTheRestGetsTheDefault() {
        use(new FeatureFlag(
                "layout",
                FeatureFlag.VARIANT,
                "",
                true,
                List.of("classic", "compact", "wide"),
                "classic",
                List.of(new Allocation("compact", 3000), new Allocation("wide", 2000)),
                List.of(),
                Map.of(),
                Instant.EPOCH,
                "test"));

        Map<String, Integer> counts = new HashMap<>();
        workspaces.forEach(
                w -> counts.merge(client.getStringValue("layout", "none", new ImmutableContext(w)), 1, Integer::sum));

        assertThat(100.0 * counts.get("compact") / WORKSPACES).isBetween(28.0, 32.0);
        assertThat(100.0 * counts.get("wide") / WORKSPACES).isBetween(18.0, 22.0);
        assertThat(100.0 * counts.get("classic") / WORKSPACES).isBetween(48.0, 52.0);
        assertThat(client.getStringDetails("layout", "none", new ImmutableContext(workspaces.getFirst()))
                        .getReason())
                .isIn("SPLIT", "DEFAULT");
    }

    @Test
    void targetingByPlanLimitsTheRolloutToThosePlans() {
        use(new FeatureFlag(
                "pro-only",
                FeatureFlag.BOOLEAN,
                "",
                true,
                List.of("on", "off"),
                "off",
                List.of(new Allocation("on", 10_000)),
                List.of("pro", "team"),
                Map.of(),
                Instant.EPOCH,
                "test"));
        String workspace = workspaces.getFirst();

        assertThat(client.getBooleanValue("pro-only", false, onPlan(workspace, "pro")))
                .isTrue();
        assertThat(client.getBooleanValue("pro-only", false, onPlan(workspace, "team")))
                .isTrue();
        assertThat(client.getBooleanValue("pro-only", true, onPlan(workspace, "free")))
                .isFalse();
        assertThat(client.getBooleanValue("pro-only", true, new ImmutableContext(workspace)))
                .as("no plan in the context: not targeted")
                .isFalse();
    }

    @Test
    void anOverridePinsAWorkspaceAheadOfPlanAndRollout() {
        String pinnedOn = workspaces.get(0);
        String pinnedOff = workspaces.get(1);
        use(new FeatureFlag(
                "beta",
                FeatureFlag.BOOLEAN,
                "",
                true,
                List.of("on", "off"),
                "off",
                List.of(new Allocation("on", 10_000)),
                List.of("pro"),
                Map.of(pinnedOn, "on", pinnedOff, "off"),
                Instant.EPOCH,
                "test"));

        var details = client.getBooleanDetails("beta", false, onPlan(pinnedOn, "free"));
        assertThat(details.getValue()).isTrue();
        assertThat(details.getReason()).isEqualTo("TARGETING_MATCH");
        assertThat(client.getBooleanValue("beta", true, onPlan(pinnedOff, "pro")))
                .isFalse();
        assertThat(client.getBooleanValue("beta", false, onPlan(workspaces.get(2), "pro")))
                .isTrue();
    }

    @Test
    void theKillSwitchServesTheDefaultVariantEverywhereOverridesIncluded() {
        String pinned = workspaces.getFirst();
        use(new FeatureFlag(
                "llm-steps",
                FeatureFlag.BOOLEAN,
                "",
                false,
                List.of("on", "off"),
                "off",
                List.of(new Allocation("on", 10_000)),
                List.of(),
                Map.of(pinned, "on"),
                Instant.EPOCH,
                "test"));

        assertThat(workspaces.stream()
                        .anyMatch(w -> client.getBooleanValue("llm-steps", true, new ImmutableContext(w))))
                .isFalse();
        var details = client.getBooleanDetails("llm-steps", true, new ImmutableContext(pinned));
        assertThat(details.getValue()).isFalse();
        assertThat(details.getReason()).isEqualTo("DISABLED");
    }

    @Test
    void anUnknownFlagOrAWrongTypeAnswersTheCallersDefault() {
        use(new FeatureFlag(
                "layout",
                FeatureFlag.VARIANT,
                "",
                true,
                List.of("a", "b"),
                "a",
                List.of(),
                List.of(),
                Map.of(),
                Instant.EPOCH,
                "test"));

        assertThat(client.getBooleanValue("missing", true, new ImmutableContext("w")))
                .isTrue();
        assertThat(client.getBooleanDetails("missing", true, new ImmutableContext("w"))
                        .getErrorCode())
                .hasToString("FLAG_NOT_FOUND");
        assertThat(client.getBooleanValue("layout", true, new ImmutableContext("w")))
                .isTrue();
        assertThat(client.getStringValue("layout", "z", new ImmutableContext("w")))
                .isEqualTo("a");
    }

    @Test
    void bucketsAreFixedForAGivenFlagAndWorkspace() {
        // Pinned values: a change to the hash would move every workspace between rollout groups.
        assertThat(Buckets.bucket("llm-steps", "0191d2a4-0000-7000-8000-000000000001"))
                .isEqualTo(Buckets.bucket("llm-steps", "0191d2a4-0000-7000-8000-000000000001"))
                .isBetween(0, Buckets.SIZE - 1);
        assertThat(Buckets.bucket(Buckets.seed("a"), "w")).isEqualTo(Buckets.bucket("a", "w"));
    }

    private Map<String, Boolean> answers(String flag) {
        Map<String, Boolean> answers = new HashMap<>();
        workspaces.forEach(w -> answers.put(w, client.getBooleanValue(flag, false, new ImmutableContext(w))));
        return answers;
    }

    private void use(FeatureFlag... flags) {
        snapshot.set(FlagSnapshot.of(snapshot.get().version() + 1, List.of(flags)));
    }

    static FeatureFlag booleanFlag(String key, boolean enabled, List<Allocation> rollout) {
        return new FeatureFlag(
                key,
                FeatureFlag.BOOLEAN,
                "",
                enabled,
                List.of("on", "off"),
                "off",
                rollout,
                List.of(),
                Map.of(),
                Instant.EPOCH,
                "test");
    }

    static ImmutableContext onPlan(String workspace, String plan) {
        return new ImmutableContext(workspace, Map.of(LevqorFlagProvider.PLAN, new Value(plan)));
    }

    static Client client(AtomicReference<FlagSnapshot> snapshot) {
        OpenFeatureAPI api = new LevqorOpenFeature();
        api.setProviderAndWait(new LevqorFlagProvider(snapshot::get));
        return api.getClient();
    }

    /** UUIDv7-shaped workspace ids from a fixed seed: the test is the same on every run. */
    static List<String> workspaces(int count, long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>(count);
        long millis = 1_760_000_000_000L;
        for (int i = 0; i < count; i++) {
            long msb = ((millis + i) << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
            long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
            ids.add(new UUID(msb, lsb).toString());
        }
        return ids;
    }
}
