package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.shared.FieldError;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import io.levqor.workflow.jdbc.WorkflowRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** {@code workflow} (sub-workflow) steps: a child run awaited without a thread, its failure, depth and cycles. */
@LevqorIntegrationTest
class SubWorkflowIntegrationTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    HttpApi api;

    @Autowired
    Runs runs;

    @Autowired
    Workflows workflows;

    @Autowired
    WorkflowRepository repository;

    @Autowired
    Clock clock;

    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
        ScriptedStep.reset();
    }

    private static Map<String, Object> call(String id, WorkflowView target, Object input) {
        return Map.of("id", id, "type", "workflow", "workflow", target.id().toString(), "input", input);
    }

    private static Map<String, Object> definition(List<Map<String, Object>> steps, @Nullable Object output) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("trigger", Map.of("type", "manual"));
        definition.put("steps", steps);
        if (output != null) {
            definition.put("output", output);
        }
        return definition;
    }

    private List<RunView> childrenOf(UUID parent) {
        return runs.list(workspace, new RunFilter(null, null, null, null, null, null, parent), null, 50)
                .items();
    }

    @Test
    void theParentParksUntilItsChildEndsAndTakesItsOutput() {
        // The child blocks in a side-effect step, so the parent must park (waiting) until it ends.
        WorkflowView child = fixtures.workflow(
                workspace,
                definition(
                        List.of(
                                Map.of("id", "slow", "type", "scripted", "block", true),
                                transform("double", "{{ trigger.input.n * 2 }}")),
                        "{{ {'doubled': steps.double.output} }}"));
        WorkflowView parent = fixtures.workflow(
                workspace,
                definition(
                        List.of(
                                transform("before", "{{ trigger.input.n + 1 }}"),
                                call("sub", child, Map.of("n", "{{ steps.before.output }}")),
                                transform("after", "{{ steps.sub.output.doubled }}")),
                        "{{ steps.after.output }}"));

        UUID parentRun = fixtures.start(workspace, parent, Map.of("n", 20));
        fixtures.awaitStatus(workspace, parentRun, "waiting");
        List<RunView> children = childrenOf(parentRun);
        assertThat(children).hasSize(1);
        RunView childRun = children.getFirst();
        assertThat(childRun.parentRunId()).isEqualTo(parentRun);
        assertThat(childRun.trigger()).isEqualTo("workflow");
        assertThat(childRun.input()).isEqualTo(Map.of("n", 21));
        // A caller's signal cannot pose as the child's end.
        assertThatThrownBy(() -> runs.signal(workspace, new RunId(parentRun), "child:" + childRun.id(), Map.of()))
                .isInstanceOf(RunStateConflict.class);

        ScriptedStep.release.countDown();
        RunView ended = fixtures.awaitEnd(workspace, parentRun);
        assertThat(ended.status()).isEqualTo("succeeded");
        assertThat(ended.output()).isEqualTo(42);
        assertThat(ended.parentRunId()).isNull();
        RunView.Step sub = ended.steps().stream()
                .filter(s -> s.id().equals("sub"))
                .findFirst()
                .orElseThrow();
        assertThat(sub.type()).isEqualTo("workflow");
        assertThat(sub.attempts()).hasSize(1);
        assertThat(sub.attempts().getFirst().childRunId()).isEqualTo(childRun.id());
        assertThat(sub.attempts().getFirst().output()).isEqualTo(Map.of("doubled", 42));
        assertThat(fixtures.awaitEnd(workspace, childRun.id()).parentRunId()).isEqualTo(parentRun);

        // Over HTTP: the filter, the parent link and the child's id on the step, as the console reads them.
        TestAccounts.Account owner = new TestAccounts(api).signUp();
        HttpApi.Response bad = api.get("/api/v1/runs?parentRunId=nope")
                .bearer(owner.accessToken())
                .send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("parentRunId");
    }

    @Test
    void cancellingAParentCancelsItsChildStillGoing() {
        WorkflowView child =
                fixtures.workflow(workspace, List.of(Map.of("id", "slow", "type", "scripted", "block", true)));
        WorkflowView parent = fixtures.workflow(workspace, definition(List.of(call("sub", child, 1)), null));

        UUID parentRun = fixtures.start(workspace, parent, Map.of());
        fixtures.awaitStatus(workspace, parentRun, "waiting");
        UUID childRun = childrenOf(parentRun).getFirst().id();
        assertThat(runs.cancel(workspace, new RunId(parentRun)).status()).isEqualTo("cancelled");

        assertThat(fixtures.awaitEnd(workspace, childRun).status()).isEqualTo("cancelled");
        assertThat(fixtures.awaitEnd(workspace, parentRun).status()).isEqualTo("cancelled");
    }

    @Test
    void aChildOfPureStepsEndsAtOnceAndTheParentGoesOnWithoutParking() {
        WorkflowView child = fixtures.workflow(
                workspace, definition(List.of(transform("echo", "{{ trigger.input }}")), "{{ steps.echo.output }}"));
        WorkflowView parent = fixtures.workflow(
                workspace, definition(List.of(call("sub", child, "hello")), "{{ steps.sub.output }}"));

        RunView ended = fixtures.awaitEnd(workspace, fixtures.start(workspace, parent, Map.of()));
        assertThat(ended.status()).isEqualTo("succeeded");
        assertThat(ended.output()).isEqualTo("hello");
        assertThat(childrenOf(ended.id()))
                .singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("succeeded"));
    }

    @Test
    void aFailedChildFailsTheStepAfterItsRetriesEachANewChild() {
        WorkflowView child =
                fixtures.workflow(workspace, List.of(Map.of("id", "fragile", "type", "scripted", "permanent", true)));
        Map<String, Object> retried = new java.util.LinkedHashMap<>(call("sub", child, Map.of()));
        retried.put("retry", Map.of("maxAttempts", 2, "initialDelay", "0s"));
        WorkflowView parent = fixtures.workflow(workspace, definition(List.of(retried), null));
        Map<String, Object> tolerant = new java.util.LinkedHashMap<>(call("sub", child, Map.of()));
        tolerant.put("onError", "continue");
        WorkflowView carefree = fixtures.workflow(
                workspace, definition(List.of(tolerant, transform("next", "{{ steps.sub.output }}")), null));

        RunView failed = fixtures.awaitEnd(workspace, fixtures.start(workspace, parent, Map.of()));
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.error()).startsWith("step sub: child run ").contains("scripted permanent failure");
        List<RunView> children = childrenOf(failed.id());
        assertThat(children).hasSize(2).allSatisfy(c -> assertThat(c.status()).isEqualTo("failed"));
        RunView.Step sub = failed.steps().getFirst();
        assertThat(sub.status()).isEqualTo("failed");
        assertThat(sub.attempts().stream().map(RunView.Attempt::childRunId))
                .containsExactlyInAnyOrderElementsOf(
                        children.stream().map(RunView::id).toList());

        // Without a retry of its own the step fails at once; onError continue goes on with {error}.
        RunView continued = fixtures.awaitEnd(workspace, fixtures.start(workspace, carefree, Map.of()));
        assertThat(continued.status()).isEqualTo("succeeded");
        assertThat(childrenOf(continued.id())).hasSize(1);
        assertThat(continued.steps().getLast().attempts().getFirst().output())
                .isInstanceOfSatisfying(Map.class, output -> assertThat(output).containsKey("error"));
    }

    @Test
    void aChildDeeperThanTheLimitIsRefused() {
        // A chain of 12 workflows: the run of the first would have a child 11 deep; the limit is 10.
        WorkflowView next = fixtures.workflow(workspace, definition(List.of(transform("leaf", "deep")), "{{ 1 }}"));
        List<WorkflowView> chain = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            next = fixtures.workflow(workspace, definition(List.of(call("down", next, Map.of())), null));
            chain.addFirst(next);
        }
        RunView shallow = fixtures.awaitEnd(workspace, fixtures.start(workspace, chain.get(1), Map.of()));
        assertThat(shallow.status()).isEqualTo("succeeded");

        RunView deep = fixtures.awaitEnd(workspace, fixtures.start(workspace, chain.getFirst(), Map.of()));
        assertThat(deep.status()).isEqualTo("failed");
        // Down to the run at depth 10, whose step was refused; each level above failed with its child.
        RunView run = deep;
        for (int depth = 0; depth < 10; depth++) {
            assertThat(run.error()).as("depth " + depth).startsWith("step down: child run ");
            List<RunView> children = childrenOf(run.id());
            assertThat(children).hasSize(1);
            run = fixtures.awaitEnd(workspace, children.getFirst().id());
        }
        assertThat(run.error()).contains("depth: a child run here would be more than 10 sub-workflows deep");
        assertThat(childrenOf(run.id())).isEmpty();
    }

    @Test
    void aCycleIsRefusedWhenSavedAndWhenItRuns() {
        WorkflowView first = fixtures.workflow(workspace, definition(List.of(transform("t", 1)), null));
        WorkflowView second = fixtures.workflow(workspace, definition(List.of(call("back", first, Map.of())), null));

        // Saved: first → second → first, and first → first, are refused at the step's pointer.
        for (WorkflowView target : List.of(second, first)) {
            Map<String, Object> cyclic = definition(
                    List.of(
                            transform("t", 1),
                            Map.of(
                                    "id",
                                    "route",
                                    "type",
                                    "switch",
                                    "cases",
                                    List.of(Map.of(
                                            "name",
                                            "always",
                                            "when",
                                            true,
                                            "steps",
                                            List.of(call("loop", target, 1)))))),
                    null);
            assertThatThrownBy(() -> workflows.update(workspace, null, first.id(), null, cyclic))
                    .isInstanceOfSatisfying(
                            ValidationFailed.class,
                            e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                                assertThat(error.field()).isEqualTo("/steps/1/cases/0/steps/0/workflow");
                                assertThat(error.message()).contains("a sub-workflow cycle");
                            }));
        }
        // Another workspace's workflow answers like none, with the definition's other problems.
        WorkflowView theirs = fixtures.workflow(WorkspaceId.newId(), definition(List.of(), null));
        assertThatThrownBy(() -> workflows.create(
                        workspace,
                        null,
                        "cross",
                        definition(List.of(call("sub", theirs, 1), Map.of("id", "x", "type", "nope")), null),
                        true,
                        null))
                .isInstanceOfSatisfying(
                        ValidationFailed.class,
                        e -> assertThat(e.errors().stream().map(FieldError::field))
                                .containsExactlyInAnyOrder("/steps/0/workflow", "/steps/1/type"));

        // Run time: a cycle that slipped past the save (two saves racing, each seeing the other's old version) is
        // refused by the ancestry: first's stored version 2 calls second, which calls first back.
        var row = repository.find(workspace, first.id()).orElseThrow();
        String looping = JsonMapper.builder()
                .build()
                .writeValueAsString(definition(List.of(call("forth", second, Map.of())), null));
        repository.insertVersion(new WorkflowRepository.VersionRow(
                workspace, first.id(), 2, row.name(), looping, clock.instant(), null));
        assertThat(repository.saveHead(
                        new WorkflowRepository.WorkflowRow(
                                workspace,
                                first.id(),
                                row.name(),
                                2,
                                true,
                                row.triggerType(),
                                null,
                                row.createdAt(),
                                clock.instant(),
                                null),
                        1))
                .isTrue();

        RunView run = fixtures.awaitEnd(workspace, fixtures.start(workspace, first, Map.of()));
        assertThat(run.status()).isEqualTo("failed");
        RunView child =
                fixtures.awaitEnd(workspace, childrenOf(run.id()).getFirst().id());
        assertThat(child.error()).contains("cycle: workflow " + first.id() + " is already running above this run");
        assertThat(childrenOf(child.id())).isEmpty();
    }
}
