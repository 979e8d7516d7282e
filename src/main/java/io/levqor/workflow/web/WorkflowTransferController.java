package io.levqor.workflow.web;

import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.WorkflowNotFound;
import io.levqor.workflow.WorkflowTransfer;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Workflows as portable documents: export one, import one as a new inactive workflow. */
@RestController
class WorkflowTransferController {

    private final WorkflowTransfer transfer;

    WorkflowTransferController(WorkflowTransfer transfer) {
        this.transfer = transfer;
    }

    @GetMapping("/api/v1/workflows/{id}/export")
    @RequiresRole(Role.VIEWER)
    @Operation(summary = "The workflow as a portable document: definition and needed credentials, never secrets")
    WorkflowTransfer.Document export(Caller caller, @PathVariable String id) {
        WorkflowId workflow;
        try {
            workflow = WorkflowId.of(id);
        } catch (IllegalArgumentException e) {
            throw WorkflowNotFound.forId(new WorkflowId(new java.util.UUID(0, 0)));
        }
        return transfer.export(caller.workspace(), workflow);
    }

    @PostMapping("/api/v1/workflows/import")
    @ResponseStatus(HttpStatus.CREATED) // for the OpenAPI document: the ResponseEntity sets the same
    @RequiresRole(Role.MANAGER)
    @Operation(
            summary = "Create an inactive workflow from an exported document",
            description = "Answers the credentials it needs and whether the workspace has each (name and type);"
                    + " a document of a newer formatVersion is a 400.")
    ResponseEntity<WorkflowTransfer.Imported> importDocument(
            Caller caller, @RequestBody @Nullable Map<String, @Nullable Object> document) {
        WorkflowTransfer.Imported imported = transfer.importDocument(caller.workspace(), caller.user(), document);
        return ResponseEntity.created(URI.create("/api/v1/workflows/" + imported.workflowId()))
                .body(imported);
    }
}
