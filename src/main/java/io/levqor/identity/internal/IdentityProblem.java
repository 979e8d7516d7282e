package io.levqor.identity.internal;

import io.levqor.shared.ProblemException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** Identity's problems; those with {@link #retryAfter()} are answered with a {@code Retry-After} header. */
public class IdentityProblem extends ProblemException {

    private final @Nullable Duration retryAfter;

    IdentityProblem(
            HttpStatus status,
            String type,
            String title,
            String detail,
            @Nullable Duration retryAfter,
            Map<String, Object> properties) {
        super(status, type, title, detail, properties);
        this.retryAfter = retryAfter;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    public static IdentityProblem unauthenticated(String detail) {
        return new IdentityProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, null, Map.of());
    }

    public static IdentityProblem invalidCredentials() {
        return new IdentityProblem(
                HttpStatus.UNAUTHORIZED,
                "invalid-credentials",
                "Invalid credentials",
                "The e-mail address or the password is wrong.",
                null,
                Map.of());
    }

    public static IdentityProblem invalidRefreshToken() {
        return new IdentityProblem(
                HttpStatus.UNAUTHORIZED,
                "invalid-refresh-token",
                "Invalid refresh token",
                "The refresh token is unknown, expired, revoked or already used; log in again.",
                null,
                Map.of());
    }

    public static IdentityProblem loginLocked(Duration retryAfter) {
        return new IdentityProblem(
                HttpStatus.TOO_MANY_REQUESTS,
                "login-locked",
                "Too many failed logins",
                "Too many failed logins for this account or from this address; try again in "
                        + Math.max(1, retryAfter.toSeconds()) + " s.",
                retryAfter,
                Map.of("retryAfterSeconds", Math.max(1, retryAfter.toSeconds())));
    }

    public static IdentityProblem userRequired() {
        return new IdentityProblem(
                HttpStatus.FORBIDDEN,
                "user-required",
                "A user is required",
                "This call acts for a person; an API key cannot make it.",
                null,
                Map.of());
    }
}
