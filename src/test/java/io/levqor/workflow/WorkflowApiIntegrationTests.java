package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.PlatformSettings;
import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class WorkflowApiIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    PlatformSettings platform;

    static Map<String, Object> hook(String note) {
        return Map.of(
                "trigger", Map.of("type", "webhook", "respond", "sync"),
                "steps", List.of(Map.of("id", "first", "type", "test-noop", "note", note)),
                "output", "{{ steps.first.output }}");
    }

    @Autowired
    java.util.List<io.levqor.connectors.StepType> stepTypes;

    private String knownStepTypes() {
        return String.join(
                ", ",
                java.util.stream.Stream.concat(
                                stepTypes.stream().map(io.levqor.connectors.StepType::name),
                                java.util.stream.Stream.of(
                                        StepDefinition.SWITCH,
                                        StepDefinition.WAIT,
                                        StepDefinition.FOR_EACH,
                                        StepDefinition.WORKFLOW,
                                        StepDefinition.PARALLEL))
                        .sorted()
                        .toList());
    }

    private JsonNode create(Account account, String name, Object definition) {
        HttpApi.Response response = api.post("/api/v1/workflows", Map.of("name", name, "definition", definition))
                .bearer(account.accessToken())
                .send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    @Test
    void createsReadsSavesAndListsVersions() {
        Account owner = accounts.signUp();
        HttpApi.Response created = api.post("/api/v1/workflows", Map.of("name", "Greeter", "definition", hook("one")))
                .bearer(owner.accessToken())
                .send();

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asString();
        assertThat(created.header("Location")).endsWith("/api/v1/workflows/" + id);
        assertThat(body.get("name").asString()).isEqualTo("Greeter");
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("webhookUrl").asString())
                .startsWith(platform.url("/hooks/"))
                .hasSizeGreaterThan(50);

        JsonNode read = api.get("/api/v1/workflows/" + id)
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(read.get("definition").get("steps").get(0).get("note").asString())
                .isEqualTo("one");
        assertThat(read.get("version").asInt()).isEqualTo(1);

        HttpApi.Response saved = api.put("/api/v1/workflows/" + id, Map.of("definition", hook("two")))
                .bearer(owner.accessToken())
                .send();
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json().get("version").asInt()).isEqualTo(2);
        assertThat(saved.json().get("name").asString()).isEqualTo("Greeter");
        assertThat(saved.json().get("webhookUrl").asString())
                .isEqualTo(body.get("webhookUrl").asString());

        JsonNode versions = api.get("/api/v1/workflows/" + id + "/versions")
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(versions.get("items")).hasSize(2);
        assertThat(versions.get("items").get(0).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get("items").get(0).get("createdBy").asString()).isEqualTo(owner.userId());
        JsonNode first = api.get("/api/v1/workflows/" + id + "/versions/1")
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(first.get("definition").get("steps").get(0).get("note").asString())
                .isEqualTo("one");
        assertThat(api.get("/api/v1/workflows/" + id + "/versions/3")
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
    }

    @Test
    void answersEveryProblemOfADefinitionAtOnce() {
        Account owner = accounts.signUp();
        Map<String, Object> broken = Map.of(
                "trigger", Map.of("type", "schedule", "cron", "every day", "timezone", "Nowhere/Town"),
                "steps",
                        List.of(
                                Map.of("id", "a", "type", "test-noop", "url", "not a url"),
                                Map.of("id", "a", "type", "test-noop", "note", "{{ steps.zz.output }}"),
                                Map.of("id", "c", "type", "unknown-type")));

        HttpApi.Response response = api.post("/api/v1/workflows", Map.of("name", "Broken", "definition", broken))
                .bearer(owner.accessToken())
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        List<String> errors = new ArrayList<>();
        response.json()
                .get("errors")
                .forEach(e -> errors.add(
                        e.get("field").asString() + ": " + e.get("message").asString()));
        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "/trigger/timezone: must be a known time zone like \"Europe/London\" or \"UTC\"",
                        "/trigger/cron: must have 5 fields (minute hour day-of-month month day-of-week), not 2",
                        "/steps/0/url: must be an absolute http(s) URL",
                        "/steps/1/id: duplicates the id of an earlier step: 'a'",
                        "/steps/1/note: refers to step 'zz', which is not an earlier step",
                        "/steps/2/type: must be a known step type (" + knownStepTypes() + ")");
        assertThat(api.get("/api/v1/workflows")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("items"))
                .isEmpty();

        HttpApi.Response validated = api.post("/api/v1/workflows/validate", Map.of("definition", broken))
                .bearer(owner.accessToken())
                .send();
        assertThat(validated.status()).isEqualTo(400);
        assertThat(validated.json().get("errors")).hasSize(6);
        assertThat(api.post("/api/v1/workflows/validate", Map.of("definition", hook("ok")))
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("valid")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aHugeExpressionIsRefusedCheaplyWithASmallProblem() {
        Account owner = accounts.signUp();
        Map<String, Object> huge = Map.of(
                "trigger", Map.of("type", "manual"),
                "steps", List.of(),
                "output", Map.of("text", "{{ '" + "a".repeat(900_000) + "' }}"));
        Map<String, Object> long20k = Map.of(
                "trigger", Map.of("type", "manual"),
                "steps", List.of(),
                "output", Map.of("text", "{{ '" + "a".repeat(20_000) + "' }}"));

        HttpApi.Response tooBig = api.post("/api/v1/workflows/validate", Map.of("definition", huge))
                .bearer(owner.accessToken())
                .send();
        HttpApi.Response tooLong = api.post("/api/v1/workflows/validate", Map.of("definition", long20k))
                .bearer(owner.accessToken())
                .send();

        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.contentType()).startsWith("application/problem+json");
        assertThat(tooBig.body()).hasSizeLessThan(1_000);
        assertThat(tooBig.json().get("errors").get(0).get("field").asString()).isEqualTo("definition");
        assertThat(tooBig.json().get("errors").get(0).get("message").asString()).contains("262144");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).hasSizeLessThan(1_000);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("/output/text");
        assertThat(tooLong.json().get("errors").get(0).get("message").asString())
                .contains("16384");
    }

    @Test
    void anotherWorkspaceGetsNotFoundAndChangesNothing() {
        Account alice = accounts.signUp();
        Account mallory = accounts.signUp();
        String id = create(alice, "Private", hook("one")).get("id").asString();
        String path = "/api/v1/workflows/" + id;

        assertThat(api.get(path).bearer(mallory.accessToken()).send().status()).isEqualTo(404);
        assertThat(api.put(path, Map.of("definition", hook("evil")))
                        .bearer(mallory.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.post(path + "/deactivate", "")
                        .bearer(mallory.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.post(path + "/activate", "")
                        .bearer(mallory.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.post(path + "/webhook/rotate", "")
                        .bearer(mallory.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.get(path + "/versions")
                        .bearer(mallory.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.get(path + "/versions/1")
                        .bearer(mallory.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.delete(path).bearer(mallory.accessToken()).send().status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/workflows")
                        .bearer(mallory.accessToken())
                        .send()
                        .json()
                        .get("items"))
                .isEmpty();

        JsonNode unchanged = api.get(path).bearer(alice.accessToken()).send().json();
        assertThat(unchanged.get("version").asInt()).isEqualTo(1);
        assertThat(unchanged.get("active").asBoolean()).isTrue();
        assertThat(unchanged.get("definition").get("steps").get(0).get("note").asString())
                .isEqualTo("one");
    }

    @Test
    void viewersReadAndManagersEdit() {
        Account owner = accounts.signUp();
        Account viewer = accounts.member(owner, Role.VIEWER);
        Account user = accounts.member(owner, Role.USER);
        Account manager = accounts.member(owner, Role.MANAGER);
        String id = create(owner, "Shared", hook("one")).get("id").asString();

        assertThat(api.get("/api/v1/workflows/" + id)
                        .bearer(viewer.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/workflows")
                        .bearer(viewer.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
        for (Account reader : List.of(viewer, user)) {
            assertThat(api.post("/api/v1/workflows", Map.of("name", "x", "definition", hook("x")))
                            .bearer(reader.accessToken())
                            .send()
                            .status())
                    .isEqualTo(403);
            assertThat(api.put("/api/v1/workflows/" + id, Map.of("definition", hook("x")))
                            .bearer(reader.accessToken())
                            .send()
                            .status())
                    .isEqualTo(403);
            assertThat(api.delete("/api/v1/workflows/" + id)
                            .bearer(reader.accessToken())
                            .send()
                            .status())
                    .isEqualTo(403);
        }
        assertThat(api.put("/api/v1/workflows/" + id, Map.of("definition", hook("two")))
                        .bearer(manager.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/workflows").send().status()).isEqualTo(401);
    }

    @Test
    void activatesDeactivatesRotatesAndDeletes() {
        Account owner = accounts.signUp();
        JsonNode created = create(owner, "Hook", hook("one"));
        String path = "/api/v1/workflows/" + created.get("id").asString();

        HttpApi.Response off =
                api.post(path + "/deactivate", "").bearer(owner.accessToken()).send();
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().get("active").asBoolean()).isFalse();
        assertThat(api.post(path + "/activate", "")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("active")
                        .asBoolean())
                .isTrue();

        HttpApi.Response rotated = api.post(path + "/webhook/rotate", "")
                .bearer(owner.accessToken())
                .send();
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().get("webhookUrl").asString())
                .startsWith(platform.url("/hooks/"))
                .isNotEqualTo(created.get("webhookUrl").asString());

        assertThat(api.delete(path).bearer(owner.accessToken()).send().status()).isEqualTo(204);
        assertThat(api.get(path).bearer(owner.accessToken()).send().status()).isEqualTo(404);
        assertThat(api.delete(path).bearer(owner.accessToken()).send().status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workflows/not-a-uuid")
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anIdempotencyKeyCreatesOnce() {
        Account owner = accounts.signUp();
        Map<String, Object> request = Map.of("name", "Once", "definition", hook("one"));
        HttpApi.Response first = api.post("/api/v1/workflows", request)
                .bearer(owner.accessToken())
                .header("Idempotency-Key", "create-1")
                .send();
        HttpApi.Response second = api.post("/api/v1/workflows", request)
                .bearer(owner.accessToken())
                .header("Idempotency-Key", "create-1")
                .send();

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(api.get("/api/v1/workflows")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("items"))
                .hasSize(1);
    }

    @Test
    void listsWithACursor() {
        Account owner = accounts.signUp();
        for (int i = 0; i < 3; i++) {
            create(owner, "W" + i, Map.of("trigger", Map.of("type", "manual"), "steps", List.of()));
        }
        JsonNode page = api.get("/api/v1/workflows?limit=2")
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("items").get(0).get("name").asString()).isEqualTo("W2");
        assertThat(page.get("items").get(0).has("webhookUrl")).isFalse();
        JsonNode next = api.get("/api/v1/workflows?limit=2&cursor="
                        + page.get("nextCursor").asString())
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(next.get("items")).hasSize(1);
        assertThat(next.has("nextCursor")).isFalse();
    }

    @Test
    void publishesTheJsonSchemaWithoutCredentials() {
        HttpApi.Response response = api.get("/api/v1/schemas/workflow.json").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/schema+json");
        JsonNode schema = response.json();
        assertThat(schema.get("$id").asString()).isEqualTo(platform.url("/api/v1/schemas/workflow.json"));
        assertThat(schema.get("required").toString()).contains("trigger", "steps");
        assertThat(schema.get("properties").get("steps").get("items").toString())
                .contains("test-noop")
                .contains("\"note\"")
                .contains("\"const\":\"switch\"")
                .contains("\"const\":\"forEach\"", "\"onItemError\"")
                .contains("\"const\":\"workflow\"", "\"const\":\"parallel\"")
                .contains("#/properties/steps/items");
        assertThat(schema.get("properties").get("trigger").get("oneOf")).hasSize(3);
    }
}
