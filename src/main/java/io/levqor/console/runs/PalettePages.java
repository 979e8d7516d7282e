package io.levqor.console.runs;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.engine.RunFilter;
import io.levqor.engine.RunView;
import io.levqor.engine.Runs;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** What the command palette (Ctrl/Cmd-K, comfort.js) jumps to: the workspace's workflows and its newest runs. */
@Controller
class PalettePages {

    /** How many workflows and runs the palette offers; a run id typed in full opens any run. */
    static final int WORKFLOWS = 200;

    static final int RUNS = 20;

    private final Workflows workflows;
    private final Runs runs;

    PalettePages(Workflows workflows, Runs runs) {
        this.workflows = workflows;
        this.runs = runs;
    }

    /** One place to go to. */
    record Entry(String kind, String label, String href) {}

    /** The entries, for the palette to filter as the user types. */
    record Entries(List<Entry> items) {}

    @GetMapping(value = "/console/palette", produces = "application/json")
    @ResponseBody
    Entries palette(Signed signed) {
        List<Entry> items = new ArrayList<>();
        Map<UUID, String> names = new HashMap<>();
        for (WorkflowView workflow :
                workflows.list(signed.caller().workspace(), null, WORKFLOWS).items()) {
            names.put(workflow.id().value(), workflow.name());
            items.add(new Entry("workflow", workflow.name(), "/console/workflows/" + workflow.id()));
        }
        for (RunView run : runs.list(signed.caller().workspace(), RunFilter.all(), null, RUNS)
                .items()) {
            String name = names.getOrDefault(run.workflowId(), "(deleted workflow)");
            items.add(new Entry(
                    "run", "Run " + run.id() + " · " + name + " · " + run.status(), "/console/runs/" + run.id()));
        }
        return new Entries(items);
    }
}
