package io.levqor.analytics.web;

import io.levqor.analytics.ProductEvent;
import io.levqor.analytics.ProductEvents;
import io.levqor.analytics.internal.AnalyticsSettings;
import io.levqor.shared.Caller;
import io.levqor.shared.FieldError;
import io.levqor.shared.NulCharacters;
import io.levqor.shared.ValidationFailed;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads and checks a batch of client events, {@code {"events": [{name, timestamp?, properties?}]}}. Every broken rule
 * is named by its JSON pointer ({@code /events/3/name}); a batch with any is refused whole, so a client never has to
 * work out which half was stored.
 */
final class EventBatchReader {

    static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");
    static final Pattern PROPERTY = Pattern.compile("^[A-Za-z_$][A-Za-z0-9_$.\\-]{0,63}$");

    /** Errors reported at most; a batch of 1,000 bad events needs no 1,000-line answer. */
    private static final int MAX_ERRORS = 20;

    private final AnalyticsSettings.Events limits;
    private final Instant now;
    private final List<FieldError> errors = new ArrayList<>();

    EventBatchReader(AnalyticsSettings.Events limits, Instant now) {
        this.limits = limits;
        this.now = now;
    }

    /** The batch's events for the caller's workspace and user, or a 400 naming every broken rule. */
    List<ProductEvent> read(@Nullable JsonNode body, Caller caller) {
        if (body == null || !body.isObject()) {
            throw ValidationFailed.of("/", "must be a JSON object {\"events\": [...]}");
        }
        JsonNode events = body.get("events");
        if (events == null || !events.isArray()) {
            throw ValidationFailed.of("/events", "must be an array of events");
        }
        if (events.isEmpty() || events.size() > limits.maxBatch()) {
            throw ValidationFailed.of("/events", "must hold 1 to " + limits.maxBatch() + " events");
        }
        List<ProductEvent> read = new ArrayList<>(events.size());
        for (int i = 0; i < events.size() && errors.size() < MAX_ERRORS; i++) {
            ProductEvent event = event(events.get(i), "/events/" + i, caller);
            if (event != null) {
                read.add(event);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        return read;
    }

    private @Nullable ProductEvent event(JsonNode node, String at, Caller caller) {
        if (!node.isObject()) {
            return fail(at, "must be an object {name, timestamp?, properties?}");
        }
        for (String member : node.propertyNames()) {
            if (!member.equals("name") && !member.equals("timestamp") && !member.equals("properties")) {
                return fail(at + "/" + member, "is not a member of an event (name, timestamp, properties)");
            }
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null
                || !nameNode.isString()
                || !NAME.matcher(nameNode.asString()).matches()) {
            return fail(at + "/name", "must match ^[a-z][a-z0-9_]{0,63}$");
        }
        String name = nameNode.asString();
        if (ProductEvents.SERVER_EVENTS.contains(name)) {
            return fail(at + "/name", "is recorded by the server and cannot be sent");
        }
        Instant time = now;
        JsonNode timestamp = node.get("timestamp");
        if (timestamp != null && !timestamp.isNull()) {
            try {
                time = Instant.parse(timestamp.isString() ? timestamp.asString() : "");
            } catch (DateTimeParseException e) {
                return fail(at + "/timestamp", "must be an ISO-8601 instant, e.g. 2026-12-07T10:15:30Z");
            }
            if (time.isBefore(now.minus(limits.maxAge())) || time.isAfter(now.plus(limits.maxAhead()))) {
                return fail(
                        at + "/timestamp",
                        "must be within " + limits.maxAge() + " before and " + limits.maxAhead()
                                + " after the server's time");
            }
        }
        Map<String, @Nullable Object> properties = new LinkedHashMap<>();
        JsonNode props = node.get("properties");
        if (props != null && !props.isNull()) {
            if (!props.isObject()) {
                return fail(at + "/properties", "must be an object");
            }
            if (props.size() > limits.maxProperties()) {
                return fail(at + "/properties", "must have at most " + limits.maxProperties() + " members");
            }
            for (Map.Entry<String, JsonNode> member : props.properties()) {
                String key = member.getKey();
                String pointer = at + "/properties/" + escape(key);
                if (!PROPERTY.matcher(key).matches()) {
                    return fail(pointer, "property names must match ^[A-Za-z_$][A-Za-z0-9_$.-]{0,63}$");
                }
                JsonNode value = member.getValue();
                if (value.isNull()) {
                    properties.put(key, null);
                } else if (value.isBoolean()) {
                    properties.put(key, value.booleanValue());
                } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                    properties.put(key, value.longValue());
                } else if (value.isNumber()) {
                    properties.put(key, value.decimalValue());
                } else if (value.isString()) {
                    String text = value.asString();
                    if (text.length() > limits.maxPropertyLength()) {
                        return fail(pointer, "must be at most " + limits.maxPropertyLength() + " characters");
                    }
                    if (text.indexOf('\u0000') >= 0) {
                        return fail(pointer, NulCharacters.MESSAGE);
                    }
                    properties.put(key, text);
                } else {
                    return fail(pointer, "must be text, a number, true, false or null (properties are flat)");
                }
            }
        }
        return new ProductEvent(name, time, caller.workspace(), caller.user(), properties);
    }

    private @Nullable ProductEvent fail(String pointer, String message) {
        errors.add(new FieldError(pointer, message));
        return null;
    }

    /** RFC 6901: '~' and '/' in a member name are written ~0 and ~1. */
    private static String escape(String member) {
        return member.replace("~", "~0").replace("/", "~1");
    }
}
