package io.levqor.engine.internal;

import io.levqor.engine.jdbc.RunRepository.StatusAndOutput;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Callers on this node waiting for a run to end (sync webhooks); completed by the node that finishes it. */
@Component
class RunWaiters {

    private final Map<UUID, CompletableFuture<StatusAndOutput>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<StatusAndOutput> register(UUID runId) {
        return waiting.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }

    void forget(UUID runId) {
        waiting.remove(runId);
    }

    /** Hands a waiter the run's final status and output, so that it answers without reading them back. */
    void ended(UUID runId, StatusAndOutput end) {
        CompletableFuture<StatusAndOutput> future = waiting.remove(runId);
        if (future != null) {
            future.complete(end);
        }
    }
}
