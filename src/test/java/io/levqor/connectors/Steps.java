package io.levqor.connectors;

import io.levqor.connectors.internal.CircuitBreakers;
import io.levqor.connectors.internal.ConnectorSettings;
import io.levqor.connectors.internal.JsonPost;
import io.levqor.connectors.internal.OutboundHttp;
import io.levqor.connectors.internal.chat.DiscordStep;
import io.levqor.connectors.internal.chat.SlackStep;
import io.levqor.connectors.internal.chat.TeamsStep;
import io.levqor.connectors.internal.chat.TelegramStep;
import io.levqor.connectors.internal.http.HttpStep;
import io.levqor.connectors.internal.http.OAuth2Tokens;
import io.levqor.connectors.internal.llm.LlmStep;
import io.levqor.connectors.internal.mail.EmailStep;
import io.levqor.shared.FeatureFlags;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.MutableClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The step types wired by hand, as Spring would, for tests that call {@code execute} directly. */
final class Steps {

    static final WorkspaceId WORKSPACE = WorkspaceId.of("0191d2a4-0000-7000-8000-000000000001");
    static final UUID RUN = UUID.fromString("0191d2a4-0000-7000-8000-0000000000aa");

    final MutableClock clock = new MutableClock();
    /** Boolean flags a test has switched off; every other flag answers its fallback. */
    final Set<String> flagsOff = ConcurrentHashMap.newKeySet();

    final FeatureFlags flags = new FeatureFlags() {
        @Override
        public boolean enabled(String flag, WorkspaceId workspace, boolean fallback) {
            return !flagsOff.contains(flag) && fallback;
        }

        @Override
        public String variant(String flag, WorkspaceId workspace, String fallback) {
            return fallback;
        }
    };
    final ConnectorSettings settings;
    final CircuitBreakers breakers;
    final OutboundHttp http;
    final HttpStep httpStep;
    final SlackStep slack;
    final DiscordStep discord;
    final TeamsStep teams;
    final TelegramStep telegram;
    final LlmStep llm;
    final EmailStep email;

    Steps(ConnectorSettings settings) {
        this.settings = settings;
        this.breakers = new CircuitBreakers(settings, clock, null);
        this.http = new OutboundHttp(settings, breakers);
        JsonPost post = new JsonPost(http);
        this.httpStep = new HttpStep(http, new OAuth2Tokens(http, clock), clock);
        this.slack = new SlackStep(post, settings, clock);
        this.discord = new DiscordStep(post, clock);
        this.teams = new TeamsStep(post, clock);
        this.telegram = new TelegramStep(post, settings, clock);
        this.llm = new LlmStep(post, settings, clock, flags);
        this.email = new EmailStep(settings, http);
    }

    /** Steps that may call the loopback (where test peers live) and nothing else private. */
    static Steps allowingLoopback() {
        return new Steps(ConnectorSettings.defaults().withAllowedHosts(List.of("127.0.0.1")));
    }

    static StepRequest request(String stepId, Map<String, Object> config) {
        return request(stepId, config, CredentialResolver.NONE);
    }

    static StepRequest request(String stepId, Map<String, Object> config, CredentialResolver credentials) {
        return new StepRequest(
                WORKSPACE, RUN, UUID.randomUUID(), stepId, 1, config, Duration.ofSeconds(5), credentials);
    }

    static StepRequest request(String stepId, Map<String, Object> config, Duration timeout) {
        return new StepRequest(WORKSPACE, RUN, UUID.randomUUID(), stepId, 1, config, timeout, CredentialResolver.NONE);
    }

    /** A resolver over fixed credentials, each map holding its {@code type} as the vault's does. */
    static CredentialResolver credentials(Map<String, Map<String, Object>> byName) {
        return name -> {
            Map<String, Object> data = byName.get(name);
            if (data == null) {
                throw StepFailure.permanent("credential '" + name + "' does not exist in this workspace");
            }
            return new LinkedHashMap<>(data);
        };
    }

    static Map<String, Object> config(Object... nameThenValue) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (int i = 0; i < nameThenValue.length; i += 2) {
            config.put((String) nameThenValue[i], nameThenValue[i + 1]);
        }
        return config;
    }
}
