package io.levqor.engine.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and batching of {@code forEach} loops, bound to {@code levqor.engine.loops.*}.
 *
 * @param maxItems the most items one loop may have; more fails the step (its {@code onError} applies)
 * @param maxRunState the most item outputs (JSON) a run's loops may store together; more fails the loop
 * @param flushBatch finished items written per round trip (with their attempts)
 * @param flushInterval the longest a finished item waits to be written while its loop goes on
 */
@ConfigurationProperties("levqor.engine.loops")
public record LoopSettings(
        @DefaultValue("10000") int maxItems,
        @DefaultValue("64MB") DataSize maxRunState,
        @DefaultValue("1000") int flushBatch,
        @DefaultValue("20ms") Duration flushInterval) {}
