package io.levqor.workflow;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a workspace's workflows, newest first; {@code nextCursor} is null on the last page. */
public record WorkflowPage(
        List<WorkflowView> items, @Nullable String nextCursor) {}
