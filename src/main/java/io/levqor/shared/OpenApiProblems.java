package io.levqor.shared;

import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/** Error responses in the OpenAPI document: modules describe what they answer as {@code ProblemDetail}s. */
public final class OpenApiProblems {

    /** The name of the problem document's schema under {@code components.schemas}. */
    public static final String SCHEMA = "ProblemDetail";

    private OpenApiProblems() {}

    /** Adds a problem+json response for {@code status} unless the operation already describes one. */
    public static void add(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, response(description));
        }
    }

    /** A response whose body is a {@code ProblemDetail}. */
    public static ApiResponse response(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))));
    }
}
