package io.levqor.workflow.web;

import io.levqor.shared.PlatformSettings;
import io.levqor.workflow.VersionView;
import io.levqor.workflow.WorkflowView;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Shapes the JSON answers of the workflow endpoints (API.md), adding {@code webhookUrl} for webhook triggers. */
@Component
class WorkflowAnswers {

    private final PlatformSettings platform;

    WorkflowAnswers(PlatformSettings platform) {
        this.platform = platform;
    }

    Map<String, Object> summary(WorkflowView view) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", view.id().toString());
        answer.put("name", view.name());
        answer.put("version", view.version());
        answer.put("active", view.active());
        answer.put("triggerType", view.triggerType());
        if (view.webhookToken() != null) {
            answer.put("webhookUrl", platform.url("/hooks/" + view.webhookToken()));
        }
        answer.put("createdAt", view.createdAt().toString());
        answer.put("updatedAt", view.updatedAt().toString());
        return answer;
    }

    Map<String, Object> full(WorkflowView view) {
        Map<String, Object> answer = summary(view);
        answer.put("definition", view.definition());
        return answer;
    }

    Map<String, Object> version(VersionView view, boolean withDefinition) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("workflowId", view.workflow().toString());
        answer.put("version", view.version());
        answer.put("name", view.name());
        answer.put("createdAt", view.createdAt().toString());
        if (view.createdBy() != null) {
            answer.put("createdBy", view.createdBy().toString());
        }
        if (withDefinition) {
            answer.put("definition", view.definition());
        }
        return answer;
    }
}
