package io.levqor.shared.web;

import io.levqor.shared.ErrorRecorder;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problem documents with the stable type URIs clients match on. */
public final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    /**
     * Gives an unexpected failure its {@code errorId}, logs it with the id (the path without its query string, which
     * can hold tokens) and hands it to the {@link ErrorRecorder}s; returns the id for the problem answer.
     */
    static String recordUnexpected(
            ObjectProvider<ErrorRecorder> recorders, Throwable error, HttpServletRequest request) {
        String errorId = ErrorRecorder.newErrorId();
        String method = request.getMethod();
        // On the container's error dispatch the URI is /error; the failed request's own path is kept aside.
        String path = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
                ? uri
                : request.getRequestURI();
        log.error("Unexpected error errorId={} on {} {}", errorId, method, path, error);
        recorders.forEach(recorder -> {
            try {
                recorder.serverError(errorId, error, method, path);
            } catch (RuntimeException e) {
                // Recording is best effort: the client still gets its 500 with the id, the log line has the rest.
                log.warn("Could not record error {}", errorId, e);
            }
        });
        return errorId;
    }

    public static ProblemDetail of(HttpStatusCode status, String type, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(ProblemException.TYPE_BASE + type));
        problem.setTitle(title);
        problem.setDetail(detail);
        return problem;
    }

    public static ProblemDetail of(ProblemException e) {
        return e.toProblemDetail();
    }

    public static ProblemDetail validation(List<FieldError> errors) {
        return of(new io.levqor.shared.ValidationFailed(errors));
    }

    /** The stable type name for an HTTP status Spring raised on its own (no route, wrong method, …). */
    public static String typeFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return status.is5xxServerError() ? "internal" : "bad-request";
        }
        return switch (known) {
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case CONTENT_TOO_LARGE -> "payload-too-large";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case TOO_MANY_REQUESTS -> "rate-limited";
            case CONFLICT -> "conflict";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.is5xxServerError() ? "internal" : "bad-request";
        };
    }

    static Map<String, Object> fieldErrors(List<FieldError> errors) {
        return Map.of("errors", errors);
    }
}
