package io.levqor.workflow.web;

import io.levqor.shared.PlatformSettings;
import io.levqor.workflow.internal.WorkflowJsonSchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The JSON Schema of workflow definitions, public so editors and CI can validate files against it. */
@RestController
class WorkflowSchemaController {

    static final String PATH = "/api/v1/schemas/workflow.json";

    private final WorkflowJsonSchema schema;
    private final PlatformSettings platform;

    WorkflowSchemaController(WorkflowJsonSchema schema, PlatformSettings platform) {
        this.schema = schema;
        this.platform = platform;
    }

    @GetMapping(PATH)
    @ApiResponse(
            responseCode = "200",
            description = "The JSON Schema (2020-12) of a workflow definition",
            content = @Content(mediaType = "application/schema+json", schema = @Schema(type = "object")))
    ResponseEntity<Map<String, Object>> schema() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/schema+json"))
                .cacheControl(CacheControl.noCache())
                .body(schema.document(platform.url(PATH)));
    }
}
