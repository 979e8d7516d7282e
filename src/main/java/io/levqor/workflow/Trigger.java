package io.levqor.workflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What starts a workflow's runs.
 *
 * @param type {@code manual}, {@code webhook} or {@code schedule}
 * @param config the trigger object's other members ({@code respond}, {@code secret}, {@code cron}, {@code timezone})
 */
public record Trigger(String type, Map<String, Object> config) {

    public static final String MANUAL = "manual";
    public static final String WEBHOOK = "webhook";
    public static final String SCHEDULE = "schedule";

    public Trigger {
        // Map.copyOf refuses null values, which JSON may carry; keep them but make the map read-only.
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    public static Trigger manual() {
        return new Trigger(MANUAL, Map.of());
    }

    @JsonIgnore
    public boolean isWebhook() {
        return WEBHOOK.equals(type);
    }

    @JsonIgnore
    public boolean isSchedule() {
        return SCHEDULE.equals(type);
    }

    /** A webhook whose caller waits for the run's output ({@code "respond": "sync"}). */
    @JsonIgnore
    public boolean respondSync() {
        return isWebhook() && "sync".equals(config.get("respond"));
    }

    /** The webhook's HMAC-SHA256 secret, when it has one. */
    @JsonIgnore
    public @Nullable String secret() {
        return isWebhook() && config.get("secret") instanceof String secret ? secret : null;
    }

    /** The schedule's five-field cron expression. */
    @JsonIgnore
    public @Nullable String cron() {
        return isSchedule() && config.get("cron") instanceof String cron ? cron : null;
    }

    /** The schedule's time zone; UTC unless {@code timezone} names another. */
    @JsonIgnore
    public ZoneId zone() {
        return config.get("timezone") instanceof String zone ? ZoneId.of(zone) : ZoneOffset.UTC;
    }
}
