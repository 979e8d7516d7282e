package io.levqor.workflow;

import io.levqor.shared.Ids;
import java.util.UUID;

/** The id of a workflow; its versions share it. */
public record WorkflowId(UUID value) {

    public static WorkflowId of(String value) {
        return new WorkflowId(UUID.fromString(value));
    }

    public static WorkflowId newId() {
        return new WorkflowId(Ids.newId());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
