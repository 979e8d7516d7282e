package io.levqor.ops.flags.internal;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.levqor.ops.FeatureFlag;
import io.levqor.ops.FeatureFlag.Allocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Flag evaluations per second on one thread through the OpenFeature client and Levqor's provider, as
 * {@code shared.FeatureFlags} makes them: a new context per call (targeting key = workspace id) over 10,000
 * workspaces, against a snapshot of 50 flags (a 50 % boolean rollout with 1,000 overrides, a three-way variant split).
 * Usage: FlagBench [seconds-per-run] [runs]
 */
public final class FlagBench {

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] workspaces = new String[10_000];
        for (int i = 0; i < workspaces.length; i++) {
            workspaces[i] = UUID.randomUUID().toString();
        }
        List<FeatureFlag> flags = new ArrayList<>();
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            overrides.put(workspaces[i * 10], i % 2 == 0 ? "on" : "off");
        }
        flags.add(new FeatureFlag("rollout", "boolean", "", true, List.of("on", "off"), "off",
                List.of(new Allocation("on", 5_000)), List.of(), overrides, Instant.EPOCH, "bench"));
        flags.add(new FeatureFlag("layout", "variant", "", true, List.of("a", "b", "c"), "a",
                List.of(new Allocation("b", 3_000), new Allocation("c", 3_000)), List.of(), Map.of(), Instant.EPOCH,
                "bench"));
        for (int i = 0; i < 48; i++) {
            flags.add(new FeatureFlag("flag-" + i, "boolean", "", true, List.of("on", "off"), "off",
                    List.of(new Allocation("on", 2_500)), List.of(), Map.of(), Instant.EPOCH, "bench"));
        }
        FlagSnapshot snapshot = FlagSnapshot.of(1, flags);
        OpenFeatureAPI api = new LevqorOpenFeature();
        api.setProviderAndWait(new LevqorFlagProvider(() -> snapshot));
        Client client = api.getClient("levqor");

        long sink = 0;
        long warmUntil = System.nanoTime() + 5_000_000_000L;
        int i = 0;
        while (System.nanoTime() < warmUntil) {
            sink += evaluate(client, workspaces, i++);
        }
        double[] rates = new double[runs];
        for (int run = 0; run < runs; run++) {
            long evaluations = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long now;
            do {
                for (int k = 0; k < 1_000; k++) {
                    sink += evaluate(client, workspaces, i++);
                }
                evaluations += 1_000;
                now = System.nanoTime();
            } while (now < end);
            rates[run] = evaluations / ((now - start) / 1e9);
            System.out.printf("run %d: %,.0f evaluations/s%n", run + 1, rates[run]);
        }
        Arrays.sort(rates);
        System.out.printf("median: %,.0f evaluations/s (one thread, %d available processors, sink %d)%n",
                rates[runs / 2], Runtime.getRuntime().availableProcessors(), sink & 1);
    }

    private static int evaluate(Client client, String[] workspaces, int i) {
        String workspace = workspaces[i % workspaces.length];
        if ((i & 1) == 0) {
            return client.getBooleanValue("rollout", false, new ImmutableContext(workspace)) ? 1 : 0;
        }
        return client.getStringValue("layout", "a", new ImmutableContext(workspace)).length();
    }
}
