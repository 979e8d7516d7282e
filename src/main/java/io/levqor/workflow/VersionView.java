package io.levqor.workflow;

import io.levqor.shared.UserId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One saved version as written, for history and diffs. */
public record VersionView(
        WorkflowId workflow,
        int version,
        String name,
        @Nullable Object definition,
        Instant createdAt,
        @Nullable UserId createdBy) {}
