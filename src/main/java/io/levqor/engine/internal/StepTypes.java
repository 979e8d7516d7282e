package io.levqor.engine.internal;

import io.levqor.connectors.StepType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Every {@link StepType} bean by its name. */
@Component
class StepTypes {

    private final Map<String, StepType> byName;

    StepTypes(List<StepType> types) {
        this.byName = types.stream().collect(Collectors.toUnmodifiableMap(StepType::name, Function.identity()));
    }

    Optional<StepType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
