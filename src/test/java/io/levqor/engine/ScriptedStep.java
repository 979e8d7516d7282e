package io.levqor.engine;

import io.levqor.connectors.StepFailure;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.springframework.stereotype.Component;

/**
 * A test step whose behaviour its config scripts: {@code failTimes} (retryable failures before it succeeds),
 * {@code permanent} (fails for good unless the run is healed), {@code block} (waits until released or
 * interrupted). It remembers every call.
 */
@Component
class ScriptedStep implements StepType {

    static final List<StepRequest> calls = new CopyOnWriteArrayList<>();
    static final Set<java.util.UUID> healed = ConcurrentHashMap.newKeySet();
    static final Set<java.util.UUID> interrupted = ConcurrentHashMap.newKeySet();
    static final Map<java.util.UUID, CountDownLatch> started = new ConcurrentHashMap<>();
    static volatile CountDownLatch release = new CountDownLatch(1);

    static void reset() {
        calls.clear();
        healed.clear();
        interrupted.clear();
        started.clear();
        release = new CountDownLatch(1);
    }

    static long callsOf(java.util.UUID runId, String stepId) {
        return calls.stream()
                .filter(c -> c.runId().equals(runId) && c.stepId().equals(stepId))
                .count();
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of("type", "object");
    }

    @Override
    public StepOutcome execute(StepRequest request) throws InterruptedException {
        calls.add(request);
        Map<String, Object> config = request.config();
        if (Boolean.TRUE.equals(config.get("block"))) {
            started.computeIfAbsent(request.runId(), id -> new CountDownLatch(1))
                    .countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.add(request.runId());
                throw e;
            }
        }
        if (config.get("failTimes") instanceof Number failTimes && request.attempt() <= failTimes.intValue()) {
            Duration retryAfter =
                    config.get("retryAfterMillis") instanceof Number ms ? Duration.ofMillis(ms.longValue()) : null;
            throw new StepFailure("scripted failure " + request.attempt(), true, retryAfter);
        }
        if (Boolean.TRUE.equals(config.get("permanent")) && !healed.contains(request.runId())) {
            throw StepFailure.permanent("scripted permanent failure");
        }
        return StepOutcome.succeeded(Map.of("attempt", request.attempt(), "echo", String.valueOf(config.get("echo"))));
    }
}
