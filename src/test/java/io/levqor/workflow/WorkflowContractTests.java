package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.internal.DefinitionParser;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class WorkflowContractTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void workflowChangedSurvivesTheEventRegistrysJsonRoundTrip() {
        WorkflowChanged event = new WorkflowChanged(
                WorkspaceId.newId(),
                WorkflowId.newId(),
                3,
                true,
                false,
                new Trigger("schedule", Map.of("cron", "0 9 * * MON-FRI", "timezone", "Europe/London")));

        WorkflowChanged read = JSON.readValue(JSON.writeValueAsString(event), WorkflowChanged.class);

        assertThat(read).isEqualTo(event);
        assertThat(read.trigger().cron()).isEqualTo("0 9 * * MON-FRI");
        assertThat(read.trigger().zone()).isEqualTo(ZoneId.of("Europe/London"));
    }

    @Test
    void parsedDefinitionsCannotBeChangedByTheirReaders() {
        Definition definition = new DefinitionParser(FakeStepTypes.all(), Templates.withDefaults(), 100, null)
                .parse(JSON.readValue("""
                        {"trigger": {"type": "manual"},
                         "steps": [{"id": "a", "type": "transform", "output": {"list": [1, {"x": 2}]}}],
                         "output": {"a": [1]}}
                        """, Object.class))
                .definition();

        Map<?, ?> output = (Map<?, ?>) definition.steps().getFirst().fields().get("output");
        List<?> list = (List<?>) output.get("list");
        assertThatThrownBy(() -> ((Map<String, Object>) list.get(1)).put("x", 3))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) list).add(4)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) definition.output()).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void triggersAnswerTheirSettings() {
        Trigger hook = new Trigger("webhook", Map.of("respond", "sync", "secret", "0123456789abcdef"));
        assertThat(hook.respondSync()).isTrue();
        assertThat(hook.secret()).isEqualTo("0123456789abcdef");
        assertThat(hook.cron()).isNull();
        assertThat(new Trigger("webhook", Map.of()).respondSync()).isFalse();
        assertThat(Trigger.manual().zone()).isEqualTo(java.time.ZoneOffset.UTC);
        assertThat(RetryPolicy.defaults())
                .isEqualTo(new RetryPolicy(3, java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(5)));
        assertThat(WorkflowId.of(WorkflowId.newId().toString())).isNotNull();
    }
}
