package io.levqor.engine.internal;

import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.WorkflowVersion;
import io.levqor.workflow.Workflows;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Pinned workflow versions, cached: a version never changes once saved, so a cached one never goes stale. */
@Component
class Definitions {

    private static final int MAX_CACHED = 10_000;

    private final Workflows workflows;
    private final Map<Key, WorkflowVersion> cache = new ConcurrentHashMap<>();

    Definitions(Workflows workflows) {
        this.workflows = workflows;
    }

    WorkflowVersion version(WorkspaceId tenant, UUID workflow, int version) {
        var key = new Key(tenant, workflow, version);
        WorkflowVersion cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        WorkflowVersion loaded = workflows.version(tenant, new WorkflowId(workflow), version);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, loaded);
        return loaded;
    }

    private record Key(WorkspaceId tenant, UUID workflow, int version) {}
}
