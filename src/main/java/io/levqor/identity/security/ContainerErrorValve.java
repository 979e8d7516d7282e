package io.levqor.identity.security;

import io.levqor.shared.ProblemException;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error answers as problem+json with the security headers. Tomcat refuses some requests before any
 * filter or servlet runs — an encoded {@code /} or {@code \} in the path, a request line or headers past
 * {@code server.max-http-request-header-size} — and its default valve answered those with an HTML page and none of
 * the headers every other answer has.
 */
final class ContainerErrorValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ContainerErrorValve.class);

    private final SecurityHeadersFilter headers;
    private final JsonMapper json;

    ContainerErrorValve(SecurityHeadersFilter headers, JsonMapper json) {
        this.headers = headers;
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own valve: only errors, only once, only when nothing was written and the connection is usable.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(ProblemException.TYPE_BASE + type(status)));
        problem.setTitle(title);
        // Tomcat's message can quote the request: it is not echoed.
        problem.setDetail(
                status >= 500
                        ? "Something went wrong on our side."
                        : "The server refused the request before reading it: its path (an encoded '/' or '\\' is"
                                + " not allowed), request line or headers (at most 8 KB in all) are malformed or"
                                + " too large.");
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            headers.setHeaders(request, response);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not write the problem for a {} answered by Tomcat", status, e);
        }
    }

    private static String type(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "payload-too-large";
            default -> status >= 500 ? "internal" : "bad-request";
        };
    }
}
