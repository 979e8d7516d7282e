package io.levqor.engine.web;

import io.levqor.engine.Runs;
import io.levqor.engine.StartedRun;
import io.levqor.shared.ValidationFailed;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET|POST /resume/{token}}: the signed {@code run.resumeUrl}. Public (the signed token is the credential, as
 * a webhook's is), so it lives outside {@code /api}; it answers only the run's id and status.
 */
@RestController
class ResumeController {

    private final Runs runs;
    private final JsonMapper json;

    ResumeController(Runs runs, JsonMapper json) {
        this.runs = runs;
        this.json = json;
    }

    /** A link followed in a browser or e-mail: the query parameters are the wait step's output. */
    @GetMapping("/resume/{token}")
    StartedRun follow(@PathVariable String token, HttpServletRequest request) {
        return runs.resume(token, parameters(request));
    }

    /** A JSON body is the wait step's output; otherwise the query (and form) parameters are. */
    @PostMapping("/resume/{token}")
    StartedRun post(@PathVariable String token, HttpServletRequest request) {
        return runs.resume(token, data(request));
    }

    private @Nullable Object data(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase().contains("json")) {
            return parameters(request);
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length == 0) {
            return parameters(request);
        }
        try {
            return json.readValue(new String(body, StandardCharsets.UTF_8), Object.class);
        } catch (JacksonException e) {
            throw ValidationFailed.of("body", "is not JSON");
        }
    }

    private static Map<String, String> parameters(HttpServletRequest request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 0) {
                parameters.put(name, values[0]);
            }
        });
        return parameters;
    }
}
