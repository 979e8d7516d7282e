package io.levqor.workflow;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A workflow as its owners see it: the current version's name and definition (as written) and its state.
 *
 * @param webhookToken the token of {@code /hooks/{token}} when the trigger is a webhook
 */
public record WorkflowView(
        WorkflowId id,
        String name,
        int version,
        boolean active,
        String triggerType,
        @Nullable String webhookToken,
        @Nullable Object definition,
        Instant createdAt,
        Instant updatedAt) {}
