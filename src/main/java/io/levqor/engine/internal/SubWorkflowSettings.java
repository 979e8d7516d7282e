package io.levqor.engine.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of {@code workflow} (sub-workflow) steps, bound to {@code levqor.engine.sub-workflows.*}.
 *
 * @param maxDepth the most runs a chain of children may hold below its first run; a deeper child is refused
 * @param recheckInterval how often a parked parent looks at its child itself, should the wake-up from the child's
 *     end have been missed (it normally wakes the parent at once)
 */
@ConfigurationProperties("levqor.engine.sub-workflows")
public record SubWorkflowSettings(
        @DefaultValue("10") int maxDepth,
        @DefaultValue("1m") Duration recheckInterval) {}
