package io.levqor.engine.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery keys ({@code Idempotency-Key}, a definition's {@code dedupe}), bound to
 * {@code levqor.engine.hooks.idempotency.*}.
 *
 * @param retention how long a key answers the run it started; a later delivery with it starts a new run
 * @param sweepInterval how often keys older than the retention are forgotten
 */
@ConfigurationProperties("levqor.engine.hooks.idempotency")
public record HookIdempotencySettings(
        @DefaultValue("24h") Duration retention,
        @DefaultValue("PT5M") Duration sweepInterval) {}
