package io.levqor.connectors.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per connector and target host ({@code http:api.example.com}), exported to
 * {@code /metrics} as {@code resilience4j_circuitbreaker_state{name=…,state=…}}.
 */
@Component
public class CircuitBreakers {

    private final CircuitBreakerRegistry registry;

    public CircuitBreakers(ConnectorSettings settings, Clock clock, @Nullable MeterRegistry meters) {
        ConnectorSettings.Breaker breaker = settings.circuitBreaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindow())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRateThreshold())
                .waitDurationInOpenState(breaker.openDuration())
                .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
        if (meters != null) {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        }
    }

    public CircuitBreaker forHost(String connector, String host) {
        return registry.circuitBreaker(connector + ":" + host.toLowerCase(Locale.ROOT));
    }
}
