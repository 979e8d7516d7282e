package io.levqor.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document describes the API as it answers (issue 12, item 6). */
@LevqorIntegrationTest
class ApiDocumentIntegrationTests {

    @Autowired
    HttpApi api;

    @Test
    void listsErrorResponsesAsProblemDetails() {
        JsonNode document = api.get("/v3/api-docs").send().json();

        assertThat(document.at("/components/schemas/ProblemDetail/properties/errors")
                        .isMissingNode())
                .isFalse();
        JsonNode get = document.at("/paths/~1api~1v1~1workflows~1{id}/get/responses");
        for (String status : new String[] {"400", "401", "403", "404", "429"}) {
            assertThat(get.at("/" + status + "/content/application~1problem+json/schema/$ref")
                            .asString())
                    .as(status)
                    .isEqualTo("#/components/schemas/ProblemDetail");
        }
        assertThat(document.at("/paths/~1api~1v1~1workflows/post/responses").has("409"))
                .isTrue();
        assertThat(document.at("/paths/~1api~1v1~1api-keys/post/responses").has("422"))
                .isTrue();
    }

    @Test
    void givesTheSuccessCodesTheApiAnswers() {
        JsonNode paths = api.get("/v3/api-docs").send().json().get("paths");

        assertThat(paths.at("/~1api~1v1~1workflows/post/responses").has("201")).isTrue();
        assertThat(paths.at("/~1api~1v1~1workflows/post/responses").has("200")).isFalse();
        assertThat(paths.at("/~1api~1v1~1credentials/post/responses").has("201"))
                .isTrue();
        assertThat(paths.at("/~1api~1v1~1workspaces/post/responses").has("201")).isTrue();
        assertThat(paths.at("/~1api~1v1~1api-keys/post/responses").has("201")).isTrue();
        assertThat(paths.at("/~1api~1v1~1invitations/post/responses").has("201"))
                .isTrue();
        assertThat(paths.at("/~1api~1v1~1workflows~1{id}~1runs/post/responses").has("202"))
                .isTrue();
        assertThat(paths.at("/~1api~1v1~1credentials~1{id}/delete/responses").has("204"))
                .isTrue();
        assertThat(paths.at("/~1api~1v1~1workflows/post/responses/201/content").has("application/json"))
                .isTrue();
    }

    @Test
    void saysWhichOperationsNeedABearerCredential() {
        JsonNode document = api.get("/v3/api-docs").send().json();

        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asString())
                .isEqualTo("bearer");
        assertThat(document.at("/paths/~1api~1v1~1workflows/get/security/0").has("bearerAuth"))
                .isTrue();
        assertThat(document.at("/paths/~1api~1v1~1workflows/get/responses").has("401"))
                .isTrue();
        assertThat(document.at("/paths/~1api~1v1~1auth~1login/post/security").isEmpty())
                .isTrue();
        assertThat(document.at("/paths/~1api~1v1~1auth~1switch-workspace/post/security/0")
                        .has("bearerAuth"))
                .isTrue();
        assertThat(document.at("/paths/~1.well-known~1jwks.json/get/security").isEmpty())
                .isTrue();
    }

    @Test
    void describesTheWebhookServlet() {
        JsonNode hook = api.get("/v3/api-docs").send().json().at("/paths/~1hooks~1{token}/post");

        assertThat(hook.isMissingNode()).isFalse();
        assertThat(hook.get("security")).isEmpty();
        assertThat(hook.at("/parameters/0/name").asString()).isEqualTo("token");
        assertThat(hook.get("responses").propertyNames()).contains("200", "202", "400", "401", "404", "413", "429");
        assertThat(hook.at("/responses/202/content/application~1json/schema/properties")
                        .has("runId"))
                .isTrue();
    }
}
