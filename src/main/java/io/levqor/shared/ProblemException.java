package io.levqor.shared;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error a caller can act on, answered as RFC 9457 {@code application/problem+json}.
 * Modules throw subclasses named for what went wrong ({@code RunNotFound}, {@code QuotaExceeded}).
 */
public class ProblemException extends RuntimeException {

    /** Where problem type URIs live; the path names the problem and never changes once published. */
    public static final String TYPE_BASE = "https://levqor.io/problems/";

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties;

    public ProblemException(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    public ProblemException(
            HttpStatus status, String type, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.properties = Map.copyOf(properties);
    }

    public HttpStatus status() {
        return status;
    }

    /** The full type URI, e.g. {@code https://levqor.io/problems/not-found}. */
    public URI type() {
        return URI.create(TYPE_BASE + type);
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** Extra members of the problem document (e.g. {@code limit}, {@code plans}). */
    public Map<String, Object> properties() {
        return properties;
    }

    /** The problem document this answers as (status, type, title, detail and the extra members). */
    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(type());
        problem.setTitle(title);
        problem.setDetail(detail());
        properties.forEach(problem::setProperty);
        return problem;
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(
                HttpStatus.NOT_FOUND, "not-found", "Not found", what + " " + id + " does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }
}
