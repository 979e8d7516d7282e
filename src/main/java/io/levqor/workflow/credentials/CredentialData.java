package io.levqor.workflow.credentials;

import io.levqor.connectors.CredentialTypes;
import io.levqor.shared.FieldError;
import io.levqor.shared.ValidationFailed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** Checks a credential's name, type and data, and turns the data into the bytes that get encrypted and back. */
public final class CredentialData {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LONGEST_NAME = 100;

    private CredentialData() {}

    /** Throws {@link ValidationFailed} naming every bad field. */
    public static Map<String, Object> validated(
            @Nullable String name, @Nullable String type, @Nullable Map<String, Object> data) {
        List<FieldError> errors = new ArrayList<>();
        nameProblems(name, errors);
        if (type == null || type.isBlank()) {
            errors.add(new FieldError("type", "is required"));
        }
        if (data == null) {
            errors.add(new FieldError("data", "is required"));
        }
        if (type != null && !type.isBlank() && data != null) {
            errors.addAll(CredentialTypes.validate(type, data));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        return CredentialTypes.withDefaults(type, data);
    }

    public static void nameProblems(@Nullable String name, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() > LONGEST_NAME) {
            errors.add(new FieldError("name", "must be at most " + LONGEST_NAME + " characters"));
        } else if (!name.matches("[A-Za-z0-9][A-Za-z0-9 _.\\-]*")) {
            errors.add(new FieldError("name", "may hold letters, digits, spaces, '_', '-' and '.'"));
        }
    }

    public static byte[] serialize(Map<String, Object> data) {
        return JSON.writeValueAsBytes(data);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> deserialize(byte[] json) {
        return new LinkedHashMap<>(JSON.readValue(json, Map.class));
    }
}
