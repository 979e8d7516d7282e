package io.levqor.billing.web;

import io.levqor.billing.SpendGuard;
import io.levqor.shared.ValidationFailed;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a spend-limit request: a member that is absent leaves its limit as it is, one that is {@code null} removes
 * it. A typed record cannot tell the two apart, and the older clients send only {@code dailyCredits}.
 */
final class SpendLimitBody {

    private final JsonNode body;

    SpendLimitBody(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ValidationFailed.of("body", "must be a JSON object");
        }
        this.body = body;
    }

    /** The change to the limit named {@code field}; null when the request leaves it alone. */
    SpendGuard.@Nullable Change limit(String field) {
        if (!body.has(field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return new SpendGuard.Change(null);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ValidationFailed.of(field, "must be a whole number, or null for no limit");
        }
        return new SpendGuard.Change(value.longValue());
    }

    /** A text member; null when absent. */
    @Nullable
    String text(String field) {
        if (!body.has(field) || body.get(field).isNull()) {
            return null;
        }
        JsonNode value = body.get(field);
        if (!value.isString()) {
            throw ValidationFailed.of(field, "must be a string");
        }
        return value.asString();
    }

    /** At least one of the fields must be there: an empty request changes nothing and is most likely a mistake. */
    void requireOneOf(String... fields) {
        for (String field : fields) {
            if (body.has(field)) {
                return;
            }
        }
        throw ValidationFailed.of(fields[0], "is required (or " + String.join(", ", fields) + ")");
    }
}
