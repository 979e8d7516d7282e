package io.levqor.shared.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Levqor reaches PostgreSQL, bound to {@code levqor.database.*}.
 *
 * @param url an external database ({@code postgresql://user:pass@host:5432/db} or {@code jdbc:postgresql:…});
 *     blank starts the embedded one under the data directory
 * @param poolSize the connection pool's size; 0 sizes it for the machine
 * @param connectTimeout how long a caller waits for a pooled connection
 * @param embeddedStartupTimeout how long the embedded server may take to accept connections
 * @param probeInterval how often a background check asks the database whether it answers (readiness, and the
 *     503 answered at once while it does not)
 * @param embeddedRestartAttempts failed restarts of a dead embedded server in a row after which liveness goes DOWN,
 *     so that an orchestrator restarts the whole process
 */
@ConfigurationProperties("levqor.database")
public record DatabaseSettings(
        String url,
        int poolSize,
        Duration connectTimeout,
        Duration embeddedStartupTimeout,
        @DefaultValue("1s") Duration probeInterval,
        @DefaultValue("10") int embeddedRestartAttempts) {

    public int effectivePoolSize() {
        return poolSize > 0 ? poolSize : Math.max(10, Runtime.getRuntime().availableProcessors() * 4);
    }
}
