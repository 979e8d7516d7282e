package io.levqor.workflow.web;

import io.levqor.shared.PlatformSettings;
import io.levqor.workflow.VersionView;
import io.levqor.workflow.WorkflowView;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Shapes the JSON answers of the workflow endpoints (API.md), adding {@code webhookUrl} for webhook triggers. */
@Component
class WorkflowAnswers {

    /** A workflow; {@code definition} only where one workflow is asked for, {@code webhookUrl} for webhooks. */
    record WorkflowAnswer(
            String id,
            String name,
            int version,
            boolean active,
            String triggerType,
            @Nullable String webhookUrl,
            @Nullable Object definition,
            String createdAt,
            String updatedAt) {}

    record WorkflowList(
            List<WorkflowAnswer> items, @Nullable String nextCursor) {}

    /** One version; {@code definition} only where one version is asked for. */
    record VersionAnswer(
            String workflowId,
            int version,
            String name,
            String createdAt,
            @Nullable String createdBy,
            @Nullable Object definition) {}

    record VersionList(List<VersionAnswer> items) {}

    private final PlatformSettings platform;

    WorkflowAnswers(PlatformSettings platform) {
        this.platform = platform;
    }

    WorkflowAnswer summary(WorkflowView view) {
        return answer(view, null);
    }

    WorkflowAnswer full(WorkflowView view) {
        return answer(view, view.definition());
    }

    private WorkflowAnswer answer(WorkflowView view, @Nullable Object definition) {
        return new WorkflowAnswer(
                view.id().toString(),
                view.name(),
                view.version(),
                view.active(),
                view.triggerType(),
                view.webhookToken() == null ? null : platform.url("/hooks/" + view.webhookToken()),
                definition,
                view.createdAt().toString(),
                view.updatedAt().toString());
    }

    VersionAnswer version(VersionView view, boolean withDefinition) {
        return new VersionAnswer(
                view.workflow().toString(),
                view.version(),
                view.name(),
                view.createdAt().toString(),
                view.createdBy() == null ? null : view.createdBy().toString(),
                withDefinition ? view.definition() : null);
    }
}
