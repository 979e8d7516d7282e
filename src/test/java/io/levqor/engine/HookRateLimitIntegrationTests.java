package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.HookRateLimit;
import io.levqor.engine.internal.HookRateLimitSettings;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.WorkflowView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** {@code POST /hooks/{token}} is rate-limited per webhook token and per workspace: 429 with Retry-After. */
@LevqorIntegrationTest
class HookRateLimitIntegrationTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    HttpApi api;

    @Autowired
    HookRateLimit rateLimit;

    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();
    private HookRateLimitSettings previous;

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
    }

    @AfterEach
    void restore() {
        if (previous != null) {
            rateLimit.limits(previous);
        }
    }

    private String hook() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger",
                        Map.of("type", "webhook"),
                        "steps",
                        List.of(transform("echo", "{{ trigger.body }}")),
                        "output",
                        "{{ steps.echo.output }}"));
        return "/hooks/" + workflow.webhookToken();
    }

    // A period of an hour: nothing refills while the test runs, whatever the machine's speed.
    private void limits(long perToken, long perTokenBurst, long perWorkspace, long perWorkspaceBurst) {
        previous = rateLimit.limits(new HookRateLimitSettings(
                true, perToken, perTokenBurst, perWorkspace, perWorkspaceBurst, Duration.ofHours(1)));
    }

    @Test
    void aWebhookPastItsBurstIsRefusedWith429AndRetryAfter() {
        limits(2, 2, 1000, 1000);
        String hook = hook();

        assertThat(api.post(hook, Map.of("n", 1)).send().status()).isEqualTo(202);
        assertThat(api.post(hook, Map.of("n", 2)).send().status()).isEqualTo(202);
        HttpApi.Response refused = api.post(hook, Map.of("n", 3)).send();

        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/rate-limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        assertThat(refused.json().get("retryAfterSeconds").asLong()).isPositive();
    }

    @Test
    void theWorkspaceLimitSpansAllItsWebhooks() {
        limits(1000, 1000, 3, 3);
        String first = hook();
        String second = hook();

        assertThat(api.post(first, Map.of()).send().status()).isEqualTo(202);
        assertThat(api.post(second, Map.of()).send().status()).isEqualTo(202);
        assertThat(api.post(first, Map.of()).send().status()).isEqualTo(202);
        HttpApi.Response refused = api.post(second, Map.of()).send();

        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        // Another workspace has buckets of its own.
        WorkspaceId other = WorkspaceId.newId();
        WorkflowView elsewhere = fixtures.workflow(
                other,
                Map.of(
                        "trigger",
                        Map.of("type", "webhook"),
                        "steps",
                        List.of(transform("echo", "{{ trigger.body }}")),
                        "output",
                        "{{ steps.echo.output }}"));
        assertThat(api.post("/hooks/" + elsewhere.webhookToken(), Map.of())
                        .send()
                        .status())
                .isEqualTo(202);
    }

    @Test
    void anUnknownTokenIsStillNotFound() {
        limits(1, 1, 1, 1);

        assertThat(api.post("/hooks/no-such-token", Map.of()).send().status()).isEqualTo(404);
        assertThat(api.post("/hooks/no-such-token", Map.of()).send().status()).isEqualTo(404);
    }
}
