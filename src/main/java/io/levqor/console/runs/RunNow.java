package io.levqor.console.runs;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.engine.Runs;
import io.levqor.engine.StartedRun;
import io.levqor.shared.Role;
import io.levqor.workflow.WorkflowId;
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
}
