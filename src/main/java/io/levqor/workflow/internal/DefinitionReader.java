package io.levqor.workflow.internal;

import io.levqor.connectors.StepType;
import io.levqor.shared.ValidationFailed;
import io.levqor.workflow.Definition;
import io.levqor.workflow.Templates;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Validates incoming definitions against the step types present, and reads stored ones back. */
@Component
public class DefinitionReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectProvider<StepType> stepTypes;
    private final Templates templates;
    private final WorkflowSettings settings;
    private final DefinitionParser stored;

    DefinitionReader(ObjectProvider<StepType> stepTypes, Templates templates, WorkflowSettings settings) {
        this.stepTypes = stepTypes;
        this.templates = templates;
        this.settings = settings;
        this.stored = DefinitionParser.forStored(templates);
    }

    /** The definition; throws {@link ValidationFailed} naming every problem with its JSON pointer. */
    public Definition validate(@Nullable Object raw, @Nullable Predicate<String> credentialExists) {
        DefinitionParser.Result result = parser(credentialExists).parse(raw);
        if (!result.ok()) {
            throw new ValidationFailed(result.errors());
        }
        return result.definition();
    }

    public DefinitionParser parser(@Nullable Predicate<String> credentialExists) {
        return new DefinitionParser(
                stepTypes(), templates, settings.maxSteps(), credentialExists, settings.definitionLimits());
    }

    public List<StepType> stepTypes() {
        return stepTypes.orderedStream().toList();
    }

    /** A stored definition (JSON text) as a {@link Definition}. */
    public Definition read(String json) {
        DefinitionParser.Result result = stored.parse(fromJson(json));
        if (!result.ok()) {
            throw new IllegalStateException("a stored definition no longer parses: " + result.errors());
        }
        return result.definition();
    }

    public static String toJson(@Nullable Object value) {
        return JSON.writeValueAsString(value);
    }

    public static @Nullable Object fromJson(String json) {
        return JSON.readValue(json, Object.class);
    }
}
