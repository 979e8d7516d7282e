package io.levqor.workflow;

import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.jdbc.SampleRepository;
import io.levqor.workflow.jdbc.SampleRepository.SampleRow;
import io.levqor.workflow.jdbc.WorkflowRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workflow's pinned sample data ({@code trigger}, and {@code steps}: step id → output), which the editor's "Test
 * step" and expression preview run on, and the test-webhook capture that fills its trigger from a real call.
 */
@Service
public class SampleData {

    /** The most JSON the sample's trigger and steps may hold together. */
    public static final int MAX_BYTES = 262_144;

    /** How long a test-webhook capture stays armed. */
    public static final Duration LISTEN_FOR = Duration.ofMinutes(2);

    private static final TypeReference<LinkedHashMap<String, @Nullable Object>> MAP = new TypeReference<>() {};

    /** Header names never kept in sample data: credentials and signatures a provider sends. */
    private static final List<String> SECRET_HEADER_PARTS =
            List.of("authorization", "cookie", "secret", "token", "signature", "password", "api-key", "apikey");

    private final WorkflowRepository workflows;
    private final SampleRepository samples;
    private final Workflows facade;
    private final JsonMapper json;
    private final Clock clock;

    SampleData(WorkflowRepository workflows, SampleRepository samples, Workflows facade, JsonMapper json, Clock clock) {
        this.workflows = workflows;
        this.samples = samples;
        this.facade = facade;
        this.json = json;
        this.clock = clock;
    }

    /** A workflow's sample data; empty objects when none was pinned. */
    public record Sample(
            Map<String, @Nullable Object> trigger,
            Map<String, @Nullable Object> steps,
            @Nullable Instant updatedAt) {}

    /**
     * A test-webhook capture's state.
     *
     * @param state {@code listening} (armed), {@code captured} (a call was taken: {@code trigger} is it), or
     *     {@code expired} (armed earlier and nothing came in time, or never armed)
     */
    public record TestHook(
            String state,
            @Nullable Instant listenUntil,
            @Nullable Map<String, @Nullable Object> trigger) {}

    /** The workflow's sample data (a workflow of another workspace is not found). */
    @Transactional(readOnly = true)
    public Sample get(WorkspaceId workspace, WorkflowId workflow) {
        requireWorkflow(workspace, workflow);
        return samples.find(workspace, workflow)
                .map(row -> new Sample(read(row.trigger()), read(row.steps()), row.updatedAt()))
                .orElseGet(() -> new Sample(new LinkedHashMap<>(), new LinkedHashMap<>(), null));
    }

    /**
     * Pins sample data: {@code trigger} and {@code steps} objects (null: empty), at most {@link #MAX_BYTES} of JSON
     * together; a {@link ValidationFailed} names the field that does not fit.
     */
    @Transactional
    public Sample put(WorkspaceId workspace, WorkflowId workflow, @Nullable Object trigger, @Nullable Object steps) {
        List<FieldError> errors = new ArrayList<>();
        if (trigger != null && !(trigger instanceof Map<?, ?>)) {
            errors.add(new FieldError("trigger", "must be an object ({body, headers, query} or {input})"));
        }
        if (steps != null && !(steps instanceof Map<?, ?>)) {
            errors.add(new FieldError("steps", "must be an object mapping step ids to their outputs"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        String triggerJson = json.writeValueAsString(trigger == null ? Map.of() : trigger);
        String stepsJson = json.writeValueAsString(steps == null ? Map.of() : steps);
        checkSize(triggerJson, stepsJson);
        requireWorkflow(workspace, workflow);
        Instant now = clock.instant();
        samples.save(workspace, workflow, triggerJson, stepsJson, now);
        return new Sample(read(triggerJson), read(stepsJson), now);
    }

    /** Arms a test-webhook capture for {@link #LISTEN_FOR}; the workflow's trigger must be a webhook (else 409). */
    @Transactional
    public TestHook listen(WorkspaceId workspace, WorkflowId workflow) {
        WorkflowRepository.WorkflowRow row = requireWorkflow(workspace, workflow);
        if (!Trigger.WEBHOOK.equals(row.triggerType()) || row.webhookToken() == null) {
            throw ProblemException.conflict("workflow " + workflow + " has no webhook trigger to listen on");
        }
        Instant now = clock.instant();
        Instant until = now.plus(LISTEN_FOR);
        samples.listen(workspace, workflow, now, until);
        // This node sees the capture at once; others when their cached webhook target expires (at most 2 s).
        facade.forgetWebhookTargets();
        return new TestHook("listening", until, null);
    }

    /** The state of the workflow's test-webhook capture. */
    @Transactional(readOnly = true)
    public TestHook testHook(WorkspaceId workspace, WorkflowId workflow) {
        requireWorkflow(workspace, workflow);
        SampleRow row = samples.find(workspace, workflow).orElse(null);
        if (row == null || row.listenUntil() == null) {
            return new TestHook("expired", null, null);
        }
        if (row.capturedAt() != null) {
            return new TestHook("captured", row.listenUntil(), read(row.trigger()));
        }
        String state = row.listenUntil().isAfter(clock.instant()) ? "listening" : "expired";
        return new TestHook(state, row.listenUntil(), null);
    }

    /**
     * Takes the workflow's armed capture with a webhook call's trigger ({@code body, headers, query}; secret headers
     * are dropped here). False when no capture is armed (taken by another call, expired): the call then goes on as
     * any webhook call. A trigger larger than {@link #MAX_BYTES} is refused (400) and leaves the capture armed.
     */
    @Transactional
    public boolean capture(WorkspaceId workspace, WorkflowId workflow, Map<String, @Nullable Object> trigger) {
        Map<String, @Nullable Object> kept = withoutSecretHeaders(trigger);
        String triggerJson = json.writeValueAsString(kept);
        if (triggerJson.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ValidationFailed.of(
                    "body", "a test call is kept as sample data, which may hold at most " + MAX_BYTES + " bytes");
        }
        boolean taken = samples.capture(workspace, workflow, triggerJson, clock.instant());
        if (taken) {
            facade.forgetWebhookTargets();
        }
        return taken;
    }

    /** A trigger's {@code headers} without credentials and signatures (names holding a secret-like word). */
    public static Map<String, @Nullable Object> withoutSecretHeaders(Map<String, @Nullable Object> trigger) {
        if (!(trigger.get("headers") instanceof Map<?, ?> headers)) {
            return trigger;
        }
        Map<String, @Nullable Object> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            String lower = String.valueOf(name).toLowerCase(Locale.ROOT);
            if (SECRET_HEADER_PARTS.stream().noneMatch(lower::contains)) {
                kept.put(String.valueOf(name), value);
            }
        });
        Map<String, @Nullable Object> copy = new LinkedHashMap<>(trigger);
        copy.put("headers", kept);
        return copy;
    }

    /** A deleted workflow's sample data goes with it (it may hold real payloads). */
    @ApplicationModuleListener
    void on(WorkflowChanged event) {
        if (event.deleted()) {
            samples.delete(event.workspace(), event.workflow());
        }
    }

    private void checkSize(String triggerJson, String stepsJson) {
        int triggerBytes = triggerJson.getBytes(StandardCharsets.UTF_8).length;
        int stepsBytes = stepsJson.getBytes(StandardCharsets.UTF_8).length;
        if (triggerBytes + stepsBytes > MAX_BYTES) {
            String field = triggerBytes >= stepsBytes ? "trigger" : "steps";
            throw ValidationFailed.of(
                    field,
                    "sample data may hold at most " + MAX_BYTES + " bytes of JSON (trigger " + triggerBytes
                            + " + steps " + stepsBytes + ")");
        }
    }

    private WorkflowRepository.WorkflowRow requireWorkflow(WorkspaceId workspace, WorkflowId workflow) {
        return workflows.find(workspace, workflow).orElseThrow(() -> WorkflowNotFound.forId(workflow));
    }

    private Map<String, @Nullable Object> read(String text) {
        return json.readValue(text, MAP);
    }
}
