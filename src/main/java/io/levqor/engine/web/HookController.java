package io.levqor.engine.web;

import io.levqor.engine.internal.Hooks;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /hooks/{token}}: public (the unguessable token is the credential, plus an optional HMAC signature).
 * The body limit is the platform's {@code levqor.max-body-size}.
 */
@RestController
class HookController {

    private final Hooks hooks;

    HookController(Hooks hooks) {
        this.hooks = hooks;
    }

    @PostMapping("/hooks/{token}")
    ResponseEntity<?> receive(@PathVariable String token, HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", Collections.list(request.getHeaders(name))));
        }
        Map<String, String> query = query(request.getQueryString());
        var answer = hooks.receive(token, new Hooks.Inbound(body, request.getContentType(), headers, query));
        return switch (answer) {
            case Hooks.Answer.Queued queued ->
                ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("runId", queued.runId()));
            case Hooks.Answer.Output output -> ResponseEntity.ok(output.output());
            case Hooks.Answer.Pending pending ->
                ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(Map.of(
                                "runId",
                                pending.runId(),
                                "status",
                                pending.status(),
                                "statusUrl",
                                pending.statusUrl()));
        };
    }

    /** The query string's parameters (first value of each), decoded; never the form fields of the body. */
    private static Map<String, String> query(@Nullable String queryString) {
        Map<String, String> query = new LinkedHashMap<>();
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
