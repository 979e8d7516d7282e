package io.levqor.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class ProblemResponsesIntegrationTests {

    @Autowired
    HttpApi api;

    @Test
    void anUnknownRouteIsANotFoundProblem() {
        Response response = api.get("/api/v1/test/no-such-thing").send();

        assertProblem(response, 404, "not-found");
    }

    @Test
    void aWrongMethodIsAMethodNotAllowedProblem() {
        Response response = api.delete("/api/v1/test/probe").send();

        assertProblem(response, 405, "method-not-allowed");
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        Response response = api.post("/api/v1/test/probe", "{\"name\": ").send();

        assertProblem(response, 400, "malformed-body");
    }

    @Test
    void aMissingBodyIsABadRequestProblem() {
        Response response = api.post("/api/v1/test/probe", "")
                .header("Content-Type", "application/json")
                .send();

        assertProblem(response, 400, "malformed-body");
    }

    @Test
    void aWrongContentTypeIsAnUnsupportedMediaTypeProblem() {
        Response response = api.post("/api/v1/test/probe", "name=x")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .send();

        assertProblem(response, 415, "unsupported-media-type");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        Response response = api.post("/api/v1/test/probe", Map.of("name", "x", "count", "many"))
                .send();

        assertProblem(response, 400, "validation");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("count");
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() {
        Response response = api.post("/api/v1/test/probe", Map.of("name", "", "email", "not-an-address", "count", 0))
                .send();

        assertProblem(response, 400, "validation");
        assertThat(response.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("name", "email", "count");
    }

    @Test
    void aBadPathParameterIsNamed() {
        Response response = api.get("/api/v1/test/probe/seven").send();

        assertProblem(response, 400, "validation");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("number");
    }

    @Test
    void anOversizedBodyIsAPayloadTooLargeProblem() {
        String huge = "{\"name\": \"" + "x".repeat(1_100_000) + "\", \"count\": 1}";

        Response response = api.post("/api/v1/test/probe", huge).send();

        assertProblem(response, 413, "payload-too-large");
    }

    @Test
    void anUnexpectedFailureRevealsNoInternals() {
        Response response = api.get("/api/v1/test/boom").send();

        assertProblem(response, 500, "internal");
        assertThat(response.body()).doesNotContain("secret internals").doesNotContain("Exception");
    }

    @Test
    void aValidRequestStillWorks() {
        Response response =
                api.post("/api/v1/test/probe", Map.of("name", "x", "count", 2)).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("count").asInt()).isEqualTo(2);
    }

    private static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("https://levqor.io/problems/" + type);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asString()).isNotBlank();
    }
}
