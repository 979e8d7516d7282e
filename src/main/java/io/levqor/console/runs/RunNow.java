package io.levqor.console.runs;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.engine.Runs;
import io.levqor.engine.StartedRun;
import io.levqor.shared.Role;
import io.levqor.workflow.WorkflowId;
import java.net.URLDecoder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Run now" with an input form. A refusal for the plan (quota exceeded) is shown as the upgrade prompt by
 * {@link io.levqor.console.web.ConsoleErrors}, not as an error page.
 */
@Controller
class RunNow {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Runs runs;

    RunNow(Runs runs) {
        this.runs = runs;
    }

    @PostMapping("/console/workflows/{id}/run")
    @ConsoleRole(Role.USER)
    String run(
            Signed signed,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "{}") String input,
            RedirectAttributes redirect) {
        Object value;
        try {
            value = input.isBlank() ? null : JSON.readValue(input, Object.class);
        } catch (JacksonException e) {
            Flash.error(redirect, "The input is not valid JSON: " + e.getOriginalMessage());
            return "redirect:/console/workflows/" + id;
        }
        StartedRun started = runs.start(signed.caller().workspace(), new WorkflowId(id), value, null);
        Flash.ok(redirect, "Run started.");
        return "redirect:/console/runs/" + started.runId();
    }

    /**
     * "Run now" on a webhook workflow: a test request shaped like a webhook call, so the definition reads it as it
     * will read real calls ({@code trigger.body}, {@code trigger.headers}, {@code trigger.query}).
     */
    @PostMapping("/console/workflows/{id}/test-request")
    @ConsoleRole(Role.USER)
    String testRequest(
            Signed signed,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(defaultValue = "") String headers,
            @RequestParam(defaultValue = "") String query,
            RedirectAttributes redirect) {
        Object value;
        try {
            value = body.isBlank() ? null : JSON.readValue(body, Object.class);
        } catch (JacksonException e) {
            Flash.error(redirect, "The body is not valid JSON: " + e.getOriginalMessage());
            return "redirect:/console/workflows/" + id;
        }
        Map<String, String> headerMap = new LinkedHashMap<>();
        for (String line : headers.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                Flash.error(redirect, "Each header goes on its own line as “Name: value”.");
                return "redirect:/console/workflows/" + id;
            }
            // Lower-case names, as a real call's headers reach the run.
            headerMap.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        headerMap.putIfAbsent("content-type", "application/json");
        Map<String, String> queryMap = new LinkedHashMap<>();
        String q = query.strip().startsWith("?") ? query.strip().substring(1) : query.strip();
        for (String pair : q.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            queryMap.put(URLDecoder.decode(name, UTF_8), URLDecoder.decode(v, UTF_8));
        }
        StartedRun started =
                runs.startWebhookTest(signed.caller().workspace(), new WorkflowId(id), value, headerMap, queryMap);
        Flash.ok(redirect, "Test request sent: the run reads it as trigger.body, trigger.headers and trigger.query.");
        return "redirect:/console/runs/" + started.runId();
    }
}
