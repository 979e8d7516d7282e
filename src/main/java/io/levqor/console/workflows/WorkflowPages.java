package io.levqor.console.workflows;

import io.levqor.connectors.StepType;
import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.engine.StepTests;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.levqor.workflow.Credentials;
import io.levqor.workflow.VersionView;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Workflow pages. Everything goes through {@link Workflows}; the pages only shape text for people. */
@Controller
class WorkflowPages {

    /** How many workflows the sub-workflow picker offers (the newest first); an id can always be typed in JSON. */
    static final int PICKER_WORKFLOWS = 200;

    private final Workflows workflows;
    private final PlatformSettings platform;
    private final RunFigures runFigures;
    private final Credentials credentials;
    private final List<StepType> stepTypes;
    private final StepTests stepTests;

    WorkflowPages(
            Workflows workflows,
            PlatformSettings platform,
            RunFigures runFigures,
            Credentials credentials,
            List<StepType> stepTypes,
            StepTests stepTests) {
        this.workflows = workflows;
        this.platform = platform;
        this.runFigures = runFigures;
        this.credentials = credentials;
        this.stepTypes = stepTypes;
        this.stepTests = stepTests;
    }

    @GetMapping("/console/workflows")
    String list(Signed signed, @RequestParam(required = false) @Nullable String cursor, Model model) {
        var page = workflows.list(signed.caller().workspace(), cursor, 50);
        model.addAttribute("workflows", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute(
                "figures",
                runFigures.of(
                        signed.caller().workspace(),
                        page.items().stream().map(WorkflowView::id).toList()));
        return "console/workflows/list";
    }

    @GetMapping("/console/workflows/new")
    @ConsoleRole(Role.MANAGER)
    String newWorkflow(
            Signed signed,
            @RequestParam(required = false) @Nullable String template,
            @RequestParam Map<String, String> params,
            Model model) {
        model.addAttribute("templates", WorkflowTemplates.ALL);
        var chosen = template == null
                ? java.util.Optional.<WorkflowTemplates.Template>empty()
                : WorkflowTemplates.find(template);
        if (chosen.isEmpty()) {
            return "console/workflows/templates";
        }
        WorkflowTemplates.Template t = chosen.get();
        Map<String, String> answers = t.answered(params);
        var filled = t.fill(answers);
        if (filled.isEmpty()) {
            // Ask first for what the template needs (a credential, an address) instead of a placeholder.
            model.addAttribute("template", t);
            model.addAttribute("answers", answers);
            Map<String, List<String>> choices = new java.util.HashMap<>();
            for (var need : t.needs()) {
                if (need.isCredential()) {
                    choices.put(
                            need.key(),
                            credentials.list(signed.caller().workspace()).stream()
                                    .filter(c -> c.type().equals(need.credentialType()))
                                    .map(c -> c.name())
                                    .toList());
                }
            }
            model.addAttribute("choices", choices);
            return "console/workflows/needs";
        }
        model.addAttribute("name", t.name().replace("Blank", "My workflow"));
        model.addAttribute("definition", filled.get());
        model.addAttribute("problems", List.of());
        return "console/workflows/new";
    }

    @PostMapping("/console/workflows")
    @ConsoleRole(Role.MANAGER)
    String create(
            Signed signed,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String definition,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        DefinitionText text = DefinitionText.parse(definition);
        List<DefinitionText.Problem> problems = check(signed, text);
        if (problems.isEmpty()) {
            try {
                // Made inactive: its trigger starts nothing until the builder has looked it over and activates it.
                WorkflowView created = workflows.create(
                        signed.caller().workspace(), signed.caller().user(), name, text.value(), false, null);
                Flash.ok(
                        redirect,
                        "Workflow “" + created.name() + "” created. It is inactive: activate it when it is ready.");
                return "redirect:/console/workflows/" + created.id();
            } catch (ValidationFailed invalid) {
                problems = text.place(invalid.errors());
            }
        }
        response.setStatus(400);
        model.addAttribute("name", name);
        model.addAttribute("definition", definition);
        model.addAttribute("problems", problems);
        return "console/workflows/new";
    }

    /** What the step forms (stepform.js) pick from: the workspace's credentials (name, type) and workflows. */
    record EditorData(List<Choice> credentials, List<Choice> workflows) {}

    /** One choice of a picker: a credential (name, its type) or a workflow (id, its name). */
    record Choice(String value, String label) {}

    @GetMapping(value = "/console/workflows/editor-data", produces = "application/json")
    @ResponseBody
    EditorData editorData(Signed signed) {
        var workspace = signed.caller().workspace();
        List<Choice> credentialChoices = credentials.list(workspace).stream()
                .map(c -> new Choice(c.name(), c.type()))
                .toList();
        List<Choice> workflowChoices = workflows.list(workspace, null, PICKER_WORKFLOWS).items().stream()
                .map(w -> new Choice(w.id().toString(), w.name()))
                .toList();
        return new EditorData(credentialChoices, workflowChoices);
    }

    /**
     * "Test step" beside each step form: runs the step for real on the sample data (engine's {@link StepTests}, as
     * {@code POST /api/v1/workflows/test-step}), storing no run. Answers JSON: the outcome, or 400 with the problems.
     */
    @PostMapping(value = "/console/workflows/test-step", produces = "application/json")
    @ConsoleRole(Role.MANAGER)
    @ResponseBody
    org.springframework.http.ResponseEntity<Object> testStep(
            Signed signed,
            @RequestParam(defaultValue = "") String definition,
            @RequestParam(defaultValue = "") String stepId,
            @RequestParam(required = false) @Nullable UUID workflowId,
            @RequestParam(defaultValue = "") String data) {
        DefinitionText text = DefinitionText.parse(definition);
        if (text.syntaxError() != null) {
            return org.springframework.http.ResponseEntity.badRequest()
                    .body(Map.of("problems", List.of(text.syntaxError())));
        }
        Map<String, Object> sample;
        try {
            sample = data.isBlank() ? Map.of() : SAMPLE.readValue(data, Map.class);
        } catch (tools.jackson.core.JacksonException | ClassCastException malformed) {
            return org.springframework.http.ResponseEntity.badRequest()
                    .body(Map.of(
                            "problems",
                            List.of(new DefinitionText.Problem(
                                    0, "", "The sample data must be a JSON object {trigger, steps}."))));
        }
        try {
            return org.springframework.http.ResponseEntity.ok(stepTests.test(
                    signed.caller().workspace(),
                    workflowId,
                    text.value(),
                    stepId,
                    sample.get("trigger") instanceof Map<?, ?> trigger ? cast(trigger) : Map.of(),
                    sample.get("steps") instanceof Map<?, ?> steps ? cast(steps) : Map.of(),
                    sample.get("item"),
                    sample.get("index") instanceof Integer index ? index : null));
        } catch (ValidationFailed invalid) {
            return org.springframework.http.ResponseEntity.badRequest()
                    .body(Map.of("problems", text.place(invalid.errors())));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static final tools.jackson.databind.json.JsonMapper SAMPLE =
            tools.jackson.databind.json.JsonMapper.builder().build();

    /** htmx: the problems of the definition being typed, as a fragment (nothing is saved). */
    @PostMapping("/console/workflows/check")
    String checkFragment(Signed signed, @RequestParam(defaultValue = "") String definition, Model model) {
        model.addAttribute("problems", check(signed, DefinitionText.parse(definition)));
        return "console/workflows/editor :: problems";
    }

    @GetMapping("/console/workflows/{id}")
    String show(Signed signed, @PathVariable UUID id, Model model) {
        WorkflowView workflow = workflows.get(signed.caller().workspace(), new WorkflowId(id));
        model.addAttribute("workflow", workflow);
        model.addAttribute("name", workflow.name());
        model.addAttribute("definition", DefinitionText.canonical(workflow.definition()));
        model.addAttribute("problems", List.of());
        addTrigger(workflow, model);
        model.addAttribute("sideEffects", sideEffects(signed, workflow));
        return "console/workflows/show";
    }

    @PostMapping("/console/workflows/{id}")
    @ConsoleRole(Role.MANAGER)
    String save(
            Signed signed,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String definition,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        WorkflowId workflowId = new WorkflowId(id);
        DefinitionText text = DefinitionText.parse(definition);
        List<DefinitionText.Problem> problems = check(signed, text);
        if (problems.isEmpty()) {
            try {
                WorkflowView saved = workflows.update(
                        signed.caller().workspace(), signed.caller().user(), workflowId, name, text.value());
                Flash.ok(redirect, "Saved as version " + saved.version() + ".");
                return "redirect:/console/workflows/" + id;
            } catch (ValidationFailed invalid) {
                problems = text.place(invalid.errors());
            }
        }
        WorkflowView workflow = workflows.get(signed.caller().workspace(), workflowId);
        response.setStatus(400);
        model.addAttribute("workflow", workflow);
        model.addAttribute("name", name);
        model.addAttribute("definition", definition);
        model.addAttribute("problems", problems);
        addTrigger(workflow, model);
        return "console/workflows/show";
    }

    @PostMapping("/console/workflows/{id}/activate")
    @ConsoleRole(Role.MANAGER)
    String activate(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        workflows.activate(signed.caller().workspace(), new WorkflowId(id));
        Flash.ok(redirect, "Activated.");
        return "redirect:/console/workflows/" + id;
    }

    @PostMapping("/console/workflows/{id}/deactivate")
    @ConsoleRole(Role.MANAGER)
    String deactivate(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        workflows.deactivate(signed.caller().workspace(), new WorkflowId(id));
        Flash.ok(redirect, "Deactivated: its triggers no longer start runs.");
        return "redirect:/console/workflows/" + id;
    }

    @PostMapping("/console/workflows/{id}/delete")
    @ConsoleRole(Role.MANAGER)
    String delete(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        workflows.delete(signed.caller().workspace(), new WorkflowId(id));
        Flash.ok(redirect, "Workflow deleted.");
        return "redirect:/console/workflows";
    }

    @GetMapping("/console/workflows/{id}/versions")
    String versions(
            Signed signed,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Integer a,
            @RequestParam(required = false) @Nullable Integer b,
            Model model) {
        WorkflowId workflowId = new WorkflowId(id);
        WorkflowView workflow = workflows.get(signed.caller().workspace(), workflowId);
        List<VersionView> versions = workflows.versions(signed.caller().workspace(), workflowId);
        int newer = b != null ? b : workflow.version();
        int older = a != null ? a : Math.max(1, newer - 1);
        model.addAttribute("workflow", workflow);
        model.addAttribute("versions", versions);
        model.addAttribute("a", older);
        model.addAttribute("b", newer);
        VersionView left = workflows.versionView(signed.caller().workspace(), workflowId, older);
        VersionView right = workflows.versionView(signed.caller().workspace(), workflowId, newer);
        model.addAttribute(
                "diff",
                LineDiff.between(
                        DefinitionText.canonical(left.definition()), DefinitionText.canonical(right.definition())));
        return "console/workflows/versions";
    }

    /** Saves an old version's name and definition as a new version: history only grows, nothing is rewritten. */
    @PostMapping("/console/workflows/{id}/versions/{version}/restore")
    @ConsoleRole(Role.MANAGER)
    String restore(Signed signed, @PathVariable UUID id, @PathVariable int version, RedirectAttributes redirect) {
        WorkflowId workflowId = new WorkflowId(id);
        VersionView old = workflows.versionView(signed.caller().workspace(), workflowId, version);
        try {
            WorkflowView saved = workflows.update(
                    signed.caller().workspace(), signed.caller().user(), workflowId, old.name(), old.definition());
            Flash.ok(redirect, "Restored version " + version + " as version " + saved.version() + ".");
        } catch (ValidationFailed invalid) {
            // Valid when saved, refused now (a credential deleted since, a rule added since): say why.
            Flash.error(
                    redirect,
                    "Version " + version + " cannot be restored as it is: "
                            + invalid.errors().stream()
                                    .map(e -> e.field() + " " + e.message())
                                    .collect(java.util.stream.Collectors.joining("; ")));
            return "redirect:/console/workflows/" + id + "/versions";
        }
        return "redirect:/console/workflows/" + id;
    }

    private List<DefinitionText.Problem> check(Signed signed, DefinitionText text) {
        if (text.syntaxError() != null) {
            return List.of(text.syntaxError());
        }
        try {
            workflows.validate(signed.caller().workspace(), text.value());
            return List.of();
        } catch (ValidationFailed invalid) {
            return text.place(invalid.errors());
        }
    }

    /**
     * The steps of the current version that act on the world (not pure): "Run now" says they will really run. A step
     * type this server does not know counts as one.
     */
    private List<String> sideEffects(Signed signed, WorkflowView workflow) {
        Map<String, Boolean> pure = new java.util.HashMap<>();
        stepTypes.forEach(t -> pure.put(t.name(), t.pure()));
        return workflows.latest(signed.caller().workspace(), workflow.id()).definition().steps().stream()
                .filter(step -> !pure.getOrDefault(step.type(), false))
                .map(step -> step.id() + " (" + step.type() + ")")
                .toList();
    }

    private void addTrigger(WorkflowView workflow, Model model) {
        if (workflow.webhookToken() != null) {
            String url = platform.url("/hooks/" + workflow.webhookToken());
            model.addAttribute("webhookUrl", url);
            model.addAttribute(
                    "curl", "curl -X POST '" + url + "' -H 'Content-Type: application/json' -d '{\"name\": \"Ada\"}'");
        }
    }
}
