package io.levqor.console.operator;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.Flash;
import io.levqor.identity.OperatorDirectory;
import io.levqor.ops.Incident;
import io.levqor.ops.Incidents;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's incidents on the public status page: the open ones with their timeline and a form to post an update
 * (or resolve), the resolved ones, and a form to open one. The rules are ops' {@link Incidents}, as behind
 * {@code /api/v1/admin/incidents}. Everyone but the operator gets a 404.
 */
@Controller
class IncidentPages {

    private static final String PATH = "/console/operator/incidents";

    private final OperatorDirectory directory;
    private final Incidents incidents;

    IncidentPages(OperatorDirectory directory, Incidents incidents) {
        this.directory = directory;
        this.incidents = incidents;
    }

    @GetMapping(PATH)
    String list(Signed signed, Model model) {
        requireOperator(signed);
        model.addAttribute("open", incidents.list("open", 50));
        model.addAttribute("resolved", incidents.list(Incident.RESOLVED, 20));
        model.addAttribute("components", Incident.COMPONENTS);
        model.addAttribute("impacts", Incident.IMPACTS);
        model.addAttribute("statuses", Incident.STATUSES);
        return "console/operator/incidents";
    }

    @PostMapping(PATH)
    String open(
            Signed signed,
            @RequestParam(defaultValue = "") String title,
            @RequestParam(defaultValue = "") String impact,
            @RequestParam(required = false) @Nullable List<String> components,
            @RequestParam(defaultValue = "investigating") String status,
            @RequestParam(defaultValue = "") String message,
            RedirectAttributes redirect) {
        requireOperator(signed);
        try {
            Incident opened = incidents.open(signed.caller(), title, impact, components, status, message);
            Flash.ok(redirect, "Incident “" + opened.title() + "” opened: it shows on the status page.");
        } catch (ValidationFailed invalid) {
            Flash.error(redirect, "Not opened: " + describe(invalid));
        }
        return "redirect:" + PATH;
    }

    @PostMapping(PATH + "/{id}/updates")
    String update(
            Signed signed,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "") String message,
            RedirectAttributes redirect) {
        requireOperator(signed);
        try {
            Incident updated = incidents.update(signed.caller(), id, status, message);
            Flash.ok(
                    redirect,
                    updated.open()
                            ? "Update posted to “" + updated.title() + "”."
                            : "“" + updated.title() + "” resolved.");
        } catch (ValidationFailed invalid) {
            Flash.error(redirect, "Not posted: " + describe(invalid));
        }
        return "redirect:" + PATH;
    }

    private static String describe(ValidationFailed invalid) {
        return invalid.errors().stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
    }

    private void requireOperator(Signed signed) {
        if (!directory.isOperator(signed.user().user())) {
            throw new ProblemException(
                    HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no page at " + PATH + ".");
        }
    }
}
