package io.levqor.engine.internal;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Callers on this node waiting for a run to end (sync webhooks); completed by the node that finishes it. */
@Component
class RunWaiters {

    private final Map<UUID, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<Void> register(UUID runId) {
        return waiting.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }

    void forget(UUID runId) {
        waiting.remove(runId);
    }

    void ended(UUID runId) {
        CompletableFuture<Void> future = waiting.remove(runId);
        if (future != null) {
            future.complete(null);
        }
    }
}
