package io.levqor.identity.internal;

import io.levqor.identity.EmailKeys;
import io.levqor.shared.FieldError;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Collects every broken rule of one request, then fails with all of them named. */
public final class Checks {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final List<FieldError> errors = new ArrayList<>();

    public static Checks start() {
        return new Checks();
    }

    public Checks required(String field, @Nullable String value, int maxLength) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
        }
        return this;
    }

    public Checks optional(String field, @Nullable String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
        }
        return this;
    }

    public Checks email(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > 254 || !EMAIL.matcher(value.trim()).matches()) {
            errors.add(new FieldError(field, "must be an e-mail address"));
        }
        return this;
    }

    public Checks password(String field, @Nullable String value, int minLength) {
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() < minLength) {
            errors.add(new FieldError(field, "must be at least " + minLength + " characters"));
        } else if (value.length() > 256) {
            errors.add(new FieldError(field, "must be at most 256 characters"));
        }
        return this;
    }

    public Checks role(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (parseRole(value) == null) {
            errors.add(new FieldError(field, "must be one of owner, admin, manager, user, viewer"));
        }
        return this;
    }

    public Checks check(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    public void orFail() {
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
    }

    /** The address as stored and mailed to: trimmed and lower-cased. */
    public static String normalizeEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** The key accounts are unique by ({@link EmailKeys#of}). */
    public static String emailKey(String email) {
        return EmailKeys.of(email);
    }

    public static @Nullable Role parseRole(String value) {
        try {
            return Role.fromApiName(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
