package io.levqor.ops.alerts;

import io.levqor.identity.WorkspaceDeleted;
import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.levqor.ops.alerts.jdbc.AlertRepository.SubscriptionRow;
import io.levqor.privacy.PlatformEncryption;
import io.levqor.shared.Caller;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workspace's own channel for failures of its workflows (one per workspace). Its destination is a secret (a
 * webhook URL holds a token), so it is stored sealed with the master key and never shown back.
 */
@Service
public class AlertSubscriptions {

    /** The channel name prefix of a workspace's subscription in the notification log. */
    static final String CHANNEL_PREFIX = "workspace:";

    private static final Logger log = LoggerFactory.getLogger(AlertSubscriptions.class);
    private static final String PURPOSE = "ops.alert-subscription";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

    /** What a workspace sets: the channel's type and what that type needs. */
    public record Input(
            @Nullable String type,
            @Nullable String webhookUrl,
            @Nullable String botToken,
            @Nullable String chatId,
            @Nullable String to) {}

    /**
     * A workspace's subscription as its admins see it: the type, the address for e-mail, never a URL or token.
     *
     * @param to the e-mail address; null for chat channels
     */
    public record Subscription(String type, @Nullable String to, Instant updatedAt, String updatedBy) {}

    private final AlertRepository repository;
    private final PlatformEncryption encryption;
    private final Clock clock;

    AlertSubscriptions(AlertRepository repository, PlatformEncryption encryption, Clock clock) {
        this.repository = repository;
        this.encryption = encryption;
        this.clock = clock;
    }

    public Subscription get(WorkspaceId workspace) {
        SubscriptionRow row = repository
                .subscription(workspace)
                .orElseThrow(() -> ProblemException.notFound("alert subscription of workspace", workspace.value()));
        return new Subscription(
                row.type(),
                row.type().equals("email") ? destination(row).get("to") : null,
                row.updatedAt(),
                row.updatedBy());
    }

    /** Creates or replaces the workspace's subscription. */
    public Subscription save(Caller caller, Input input) {
        List<FieldError> errors = new ArrayList<>();
        String type = input.type();
        Map<String, String> destination = new LinkedHashMap<>();
        if (type == null || !AlertSettings.CHANNEL_TYPES.contains(type)) {
            errors.add(new FieldError("type", "must be one of " + AlertSettings.CHANNEL_TYPES));
        } else if (type.equals("email")) {
            String to = input.to();
            if (to == null
                    || to.isBlank()
                    || to.indexOf('@') < 1
                    || to.length() > 254
                    || to.strip().contains(" ")) {
                errors.add(new FieldError("to", "must be an e-mail address"));
            } else {
                destination.put("to", to.strip());
            }
        } else if (type.equals("telegram")) {
            require(input.botToken(), "botToken", destination, errors);
            require(input.chatId(), "chatId", destination, errors);
        } else if (checkUrl(input.webhookUrl(), errors)) {
            destination.put("webhookUrl", input.webhookUrl().strip());
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        String by = caller.user() != null ? "user " + caller.user() : "api key " + caller.apiKeyId();
        byte[] sealed = encryption.seal(
                PURPOSE + ":" + caller.workspace().value(),
                JSON.writeValueAsString(destination).getBytes(StandardCharsets.UTF_8));
        repository.saveSubscription(
                caller.workspace(), type, sealed, clock.instant().truncatedTo(ChronoUnit.MICROS), by);
        log.info("Workspace {} subscribed a {} channel to its workflows' failures", caller.workspace(), type);
        return get(caller.workspace());
    }

    public void delete(WorkspaceId workspace) {
        if (!repository.deleteSubscription(workspace)) {
            throw ProblemException.notFound("alert subscription of workspace", workspace.value());
        }
    }

    /** Every subscription as a channel the notifier can send to (one whose seal cannot be opened is skipped). */
    List<Subscribed> channels() {
        List<Subscribed> channels = new ArrayList<>();
        for (SubscriptionRow row : repository.subscriptions()) {
            try {
                Map<String, String> to = destination(row);
                channels.add(new Subscribed(
                        row.workspace(),
                        new AlertSettings.Channel(
                                CHANNEL_PREFIX + row.workspace().value(),
                                row.type(),
                                to.get("webhookUrl"),
                                to.get("botToken"),
                                to.get("chatId"),
                                to.get("to"),
                                null)));
            } catch (RuntimeException e) {
                log.warn("The alert subscription of workspace {} cannot be used: {}", row.workspace(), e.toString());
            }
        }
        return channels;
    }

    /** A workspace's channel. */
    record Subscribed(WorkspaceId workspace, AlertSettings.Channel channel) {}

    /** A deleted workspace's subscription goes with it (idempotent: a second delivery finds none). */
    @ApplicationModuleListener
    void on(WorkspaceDeleted event) {
        repository.deleteSubscription(event.workspace());
    }

    private Map<String, String> destination(SubscriptionRow row) {
        byte[] plain = encryption.open(PURPOSE + ":" + row.workspace().value(), row.destination());
        return JSON.readValue(new String(plain, StandardCharsets.UTF_8), STRINGS);
    }

    private static void require(
            @Nullable String value, String field, Map<String, String> destination, List<FieldError> errors) {
        if (value == null || value.isBlank() || value.length() > 2000) {
            errors.add(new FieldError(field, "is required (at most 2000 characters)"));
        } else {
            destination.put(field, value.strip());
        }
    }

    private static boolean checkUrl(@Nullable String url, List<FieldError> errors) {
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("webhookUrl", "is required"));
            return false;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme)) || url.length() > 2000) {
                errors.add(new FieldError("webhookUrl", "must be an absolute http(s) URL"));
                return false;
            }
            return true;
        } catch (URISyntaxException e) {
            errors.add(new FieldError("webhookUrl", "is not a valid URL"));
            return false;
        }
    }
}
