package io.levqor.engine.web;

import io.levqor.engine.internal.Hooks;
import io.levqor.shared.DatabaseAvailability;
import io.levqor.shared.DatabaseUnavailable;
import io.levqor.shared.NulCharacters;
import io.levqor.shared.ProblemException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /hooks/{token}}: public (the unguessable token is the credential, plus an optional HMAC signature).
 * A plain servlet rather than a controller: webhooks are the hottest path there is, and Spring MVC's dispatch
 * (matching the path against every route, then argument and return-value handling) cost more than everything
 * the request itself does. The filters still apply: security headers, the body limit, the rate limit.
 */
class HookServlet extends HttpServlet {

    private final transient Hooks hooks;
    private final transient JsonMapper json;
    private final transient DatabaseAvailability database;

    HookServlet(Hooks hooks, JsonMapper json, DatabaseAvailability database) {
        this.hooks = hooks;
        this.json = json;
        this.database = database;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        String token = path == null || path.length() < 2 ? "" : path.substring(1);
        try {
            if (token.isEmpty() || token.indexOf('/') >= 0) {
                throw new ProblemException(
                        HttpStatus.NOT_FOUND, "not-found", "Not found", "no active webhook has this address");
            }
            // A body past levqor.max-body-size throws here, and the error page answers 413.
            byte[] body = request.getInputStream().readAllBytes();
            // PostgreSQL stores no NUL in jsonb: refused here as a 400 naming the field (docs/security.md).
            NulCharacters.check(body);
            var inbound = new Hooks.Inbound(body, request.getContentType(), headers(request), query(request));
            Hooks.Answer answer = hooks.receive(token, inbound);
            if (answer.replayed()) {
                // Like the API's replays: an earlier delivery with this key started the run.
                response.setHeader("Idempotent-Replayed", "true");
            }
            switch (answer) {
                case Hooks.Answer.Queued queued ->
                    write(response, HttpStatus.ACCEPTED, Map.of("runId", queued.runId()));
                case Hooks.Answer.Output output -> write(response, HttpStatus.OK, output.output());
                case Hooks.Answer.Captured captured -> write(response, HttpStatus.OK, Map.of("captured", true));
                case Hooks.Answer.Pending pending ->
                    write(
                            response,
                            HttpStatus.ACCEPTED,
                            Map.of(
                                    "runId",
                                    pending.runId(),
                                    "status",
                                    pending.status(),
                                    "statusUrl",
                                    pending.statusUrl()));
            }
        } catch (ProblemException e) {
            problem(response, e);
        } catch (RuntimeException e) {
            if (!DatabaseUnavailable.isCauseOf(e)) {
                throw e;
            }
            // The database went away under this request: nothing was stored, the sender should retry.
            database.suspect();
            problem(response, new DatabaseUnavailable());
        }
    }

    private void problem(HttpServletResponse response, ProblemException e) throws IOException {
        response.setStatus(e.status().value());
        if (e.properties().get("retryAfterSeconds") instanceof Number seconds) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds.longValue()));
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), e.toProblemDetail());
    }

    private void write(HttpServletResponse response, HttpStatus status, @Nullable Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", Collections.list(request.getHeaders(name))));
        }
        return headers;
    }

    /** The query string's parameters (first value of each), decoded; never the form fields of the body. */
    private static Map<String, String> query(HttpServletRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        String queryString = request.getQueryString();
        if (queryString == null || queryString.isEmpty()) {
            return query;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!name.isEmpty()) {
                query.putIfAbsent(name, value);
            }
        }
        return query;
    }
}
