package io.levqor.connectors.internal.code;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the {@code code} step's sandbox, bound to {@code levqor.connectors.code.*}.
 *
 * @param cpuTime CPU time one script may use (measured on its thread, checked every few thousand instructions)
 * @param maxAllocation bytes one script may allocate in all (not only keep): Rhino boxes numbers, so a plain loop
 *     allocates about 45 MB per million iterations
 * @param maxOutputSize the largest output, in bytes of JSON
 * @param maxCodeSize the longest script, in characters
 * @param maxStackDepth the deepest JavaScript call nesting
 * @param threads platform threads that run scripts (their CPU time and allocations are measurable, unlike a virtual
 *     thread's); 0 means one per processor. More concurrent scripts wait for a free thread
 */
@ConfigurationProperties("levqor.connectors.code")
public record CodeSettings(
        @DefaultValue("1s") Duration cpuTime,
        @DefaultValue("64MB") DataSize maxAllocation,
        @DefaultValue("1MB") DataSize maxOutputSize,
        @DefaultValue("64KB") DataSize maxCodeSize,
        @DefaultValue("400") int maxStackDepth,
        @DefaultValue("0") int threads) {

    /** Defaults, for tests and benchmarks that build the sandbox by hand. */
    public static CodeSettings defaults() {
        return new CodeSettings(
                Duration.ofSeconds(1),
                DataSize.ofMegabytes(64),
                DataSize.ofMegabytes(1),
                DataSize.ofKilobytes(64),
                400,
                0);
    }

    int threadCount() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
