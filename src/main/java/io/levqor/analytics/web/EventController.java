package io.levqor.analytics.web;

import io.levqor.analytics.ProductEvent;
import io.levqor.analytics.ProductEvents;
import io.levqor.analytics.internal.AnalyticsSettings;
import io.levqor.analytics.internal.EventRateLimit;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Clients' and the console's own product events, in batches. */
@RestController
class EventController {

    private final ProductEvents events;
    private final EventRateLimit rateLimit;
    private final AnalyticsSettings settings;
    private final Clock clock;

    EventController(ProductEvents events, EventRateLimit rateLimit, AnalyticsSettings settings, Clock clock) {
        this.events = events;
        this.rateLimit = rateLimit;
        this.settings = settings;
        this.clock = clock;
    }

    /** The request's shape, for the OpenAPI document (the body is read as JSON to name each bad member). */
    record EventBatch(List<ClientEvent> events) {}

    /**
     * One event.
     *
     * @param name {@code ^[a-z][a-z0-9_]{0,63}$}, not one of the names the server records
     * @param timestamp when it happened (default: when it arrived), within 30 days before and 1 hour after
     * @param properties flat: text (≤ 1,000 characters), numbers, booleans, null; at most 50
     */
    record ClientEvent(
            String name,
            @Nullable String timestamp,
            @Nullable Map<String, Object> properties) {}

    /** @param accepted how many events were stored */
    record Accepted(int accepted) {}

    @Operation(
            summary = "Record product events",
            description = "A batch of 1 to levqor.analytics.events.max-batch (1,000) events, stored with the caller's"
                    + " workspace and user (none for an API key). The batch is stored whole or not at all: a bad"
                    + " event answers 400 naming its member by JSON pointer, e.g. /events/3/name; more events than"
                    + " the workspace's rate allows answer 429.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = EventBatch.class))))
    @PostMapping("/api/v1/events")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @RequiresRole(Role.VIEWER)
    Accepted record(Caller caller, @RequestBody(required = false) @Nullable JsonNode body) {
        List<ProductEvent> batch = new EventBatchReader(settings.events(), clock.instant()).read(body, caller);
        rateLimit.acquire(caller.workspace(), batch.size());
        return new Accepted(events.recordClientBatch(batch));
    }
}
