package io.levqor.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.AuditTrail;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class IncidentsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    AuditTrail audit;

    @Autowired
    MutableClock clock;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorOpensUpdatesAndResolvesAnIncidentAndEachStepIsAudited() {
        Account operator = operator();

        Response opened = api.post(
                        "/api/v1/admin/incidents",
                        Map.of(
                                "title", "Webhooks answer slowly",
                                "impact", "major",
                                "components", List.of("webhooks", "api"),
                                "message", "We are looking into slow webhook answers."))
                .bearer(operator.accessToken())
                .send();
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        JsonNode incident = opened.json();
        String id = incident.get("id").asString();
        assertThat(incident.get("status").asString()).isEqualTo("investigating");
        // Null fields are left out of answers: an open incident has no resolvedAt.
        assertThat(incident.has("resolvedAt")).isFalse();
        // Kept in the page's order, whatever order they were named in.
        assertThat(texts(incident.get("components"))).containsExactly("api", "webhooks");
        assertThat(incident.get("updates")).hasSize(1);

        Response identified = api.post(
                        "/api/v1/admin/incidents/" + id + "/updates",
                        Map.of("status", "identified", "message", "A slow disk on the database host."))
                .bearer(operator.accessToken())
                .send();
        assertThat(identified.status()).isEqualTo(201);
        assertThat(identified.json().get("status").asString()).isEqualTo("identified");

        // Without a status the update keeps the current one.
        Response note = api.post("/api/v1/admin/incidents/" + id + "/updates", Map.of("message", "Disk replaced."))
                .bearer(operator.accessToken())
                .send();
        assertThat(note.json().get("status").asString()).isEqualTo("identified");

        assertThat(texts(
                        api.get("/api/v1/admin/incidents?state=open")
                                .bearer(operator.accessToken())
                                .send()
                                .json()
                                .get("items"),
                        "id"))
                .containsExactly(id);

        Response resolved = api.post(
                        "/api/v1/admin/incidents/" + id + "/updates",
                        Map.of("status", "resolved", "message", "Answers are fast again."))
                .bearer(operator.accessToken())
                .send();
        JsonNode closed = resolved.json();
        assertThat(closed.get("status").asString()).isEqualTo("resolved");
        assertThat(closed.get("resolvedAt").asString()).isNotBlank();
        // The timeline, newest first.
        assertThat(texts(closed.get("updates"), "status"))
                .containsExactly("resolved", "identified", "identified", "investigating");

        JsonNode read = api.get("/api/v1/admin/incidents/" + id)
                .bearer(operator.accessToken())
                .send()
                .json();
        assertThat(read.get("updates").get(0).get("message").asString()).isEqualTo("Answers are fast again.");
        assertThat(api.get("/api/v1/admin/incidents?state=open")
                        .bearer(operator.accessToken())
                        .send()
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(texts(
                        api.get("/api/v1/admin/incidents?state=resolved")
                                .bearer(operator.accessToken())
                                .send()
                                .json()
                                .get("items"),
                        "id"))
                .containsExactly(id);

        var actions = audit.page(WorkspaceId.of(operator.workspaceId()), null, 50).stream()
                .filter(e -> e.action().startsWith("incident."))
                .map(e -> e.action() + " " + e.target())
                .toList();
        assertThat(actions)
                .hasSize(4)
                .anySatisfy(a -> assertThat(a)
                        .startsWith("incident.opened incident:" + id)
                        .contains("impact=major"))
                .anySatisfy(a -> assertThat(a).isEqualTo("incident.updated incident:" + id + " status=resolved"));
    }

    @Test
    void badInputIsA400NamingTheFieldAndAnUnknownIdIsA404() {
        Account operator = operator();

        Response empty = api.post("/api/v1/admin/incidents", Map.of())
                .bearer(operator.accessToken())
                .send();
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.contentType()).startsWith("application/problem+json");
        assertThat(fields(empty)).contains("title", "impact", "components", "message");

        Map<String, Object> bad = new HashMap<>();
        bad.put("title", "x".repeat(201));
        bad.put("impact", "apocalyptic");
        bad.put("components", List.of("api", "kitchen"));
        bad.put("status", "panicking");
        bad.put("message", "m");
        Response wrong = api.post("/api/v1/admin/incidents", bad)
                .bearer(operator.accessToken())
                .send();
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(fields(wrong)).containsExactlyInAnyOrder("title", "impact", "components[1]", "status");

        Response badState = api.get("/api/v1/admin/incidents?state=maybe")
                .bearer(operator.accessToken())
                .send();
        assertThat(badState.status()).isEqualTo(400);
        assertThat(fields(badState)).containsExactly("state");

        String unknown = UUID.randomUUID().toString();
        assertThat(api.get("/api/v1/admin/incidents/" + unknown)
                        .bearer(operator.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        Response update = api.post("/api/v1/admin/incidents/" + unknown + "/updates", Map.of("message", "hello"))
                .bearer(operator.accessToken())
                .send();
        assertThat(update.status()).isEqualTo(404);
        assertThat(update.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/admin/incidents/not-a-uuid")
                        .bearer(operator.accessToken())
                        .send()
                        .status())
                .isEqualTo(400);

        String id = open(operator, "minor", List.of("workers"), "Slow");
        Response noMessage = api.post("/api/v1/admin/incidents/" + id + "/updates", Map.of("status", "monitoring"))
                .bearer(operator.accessToken())
                .send();
        assertThat(noMessage.status()).isEqualTo(400);
        assertThat(fields(noMessage)).containsExactly("message");
    }

    @Test
    void onlyTheOperatorReachesTheIncidentsApi() {
        operator();
        Account customer = accounts.signUp();

        assertThat(api.get("/api/v1/admin/incidents")
                        .bearer(customer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/admin/incidents", Map.of()).send().status())
                .isEqualTo(401);
    }

    @Test
    void statusJsonCarriesTheNameTheComponentsAndTheIncidentsWhichOverrideTheMeasuredStates() {
        JsonNode calm = statusJson();
        assertThat(calm.get("name").asString()).isEqualTo("Levqor");
        assertThat(calm.get("state").asString()).isEqualTo("operational");
        assertThat(texts(calm.get("components"), "id"))
                .containsExactly("api", "webhooks", "workers", "scheduler", "database");
        assertThat(texts(calm.get("components"), "state")).containsOnly("operational");
        assertThat(calm.get("components").get(0).get("days")).hasSize(90);
        assertThat(calm.get("active")).isEmpty();

        Account operator = operator();
        String minor = open(operator, "minor", List.of("workers"), "Workers are behind");
        String major = open(operator, "critical", List.of("database"), "Database unreachable");

        JsonNode troubled = statusJson();
        assertThat(troubled.get("state").asString()).isEqualTo("outage");
        Map<String, String> states = new HashMap<>();
        troubled.get("components")
                .forEach(c -> states.put(c.get("id").asString(), c.get("state").asString()));
        assertThat(states)
                .containsEntry("workers", "degraded")
                .containsEntry("database", "outage")
                .containsEntry("api", "operational");
        assertThat(troubled.get("components").get(4).get("measured").asString()).isEqualTo("operational");
        assertThat(texts(troubled.get("active"), "id")).containsExactlyInAnyOrder(minor, major);
        assertThat(troubled.get("active")
                        .get(0)
                        .get("updates")
                        .get(0)
                        .get("message")
                        .asString())
                .isNotBlank();

        api.post("/api/v1/admin/incidents/" + major + "/updates", Map.of("status", "resolved", "message", "Back."))
                .bearer(operator.accessToken())
                .send();
        JsonNode after = statusJson();
        assertThat(after.get("state").asString()).isEqualTo("degraded");
        assertThat(texts(after.get("active"), "id")).containsExactly(minor);
        assertThat(texts(after.get("past"), "id")).containsExactly(major);

        // A resolved incident leaves the page's past incidents after the history (7 days).
        clock.advance(Duration.ofDays(8));
        assertThat(statusJson().get("past")).isEmpty();
    }

    @Test
    void apiAnswersThatAreMostly5xxMakeTheApiAnOutage() {
        // A fresh hour: the answers of other tests fall out of the five-minute window.
        clock.advance(Duration.ofHours(2));
        Account customer = accounts.signUp();
        for (int i = 0; i < 25; i++) {
            assertThat(api.get("/api/v1/test/boom")
                            .bearer(customer.accessToken())
                            .send()
                            .status())
                    .isEqualTo(500);
        }

        JsonNode status = statusJson();
        assertThat(status.get("components").get(0).get("id").asString()).isEqualTo("api");
        assertThat(status.get("components").get(0).get("state").asString()).isEqualTo("outage");
        assertThat(status.get("components").get(0).get("measured").asString()).isEqualTo("outage");
        assertThat(status.get("components").get(1).get("state").asString()).isEqualTo("operational");
    }

    @Test
    void theOpenApiDocumentDescribesTheStatusJsonAndTheIncidentsApi() {
        JsonNode paths = api.get("/v3/api-docs").send().json().get("paths");

        JsonNode status = paths.get("/status.json").get("get");
        assertThat(status.get("security")).isEmpty(); // public
        assertThat(status.get("responses").has("404")).isTrue();
        assertThat(paths.get("/api/v1/admin/incidents").has("post")).isTrue();
        assertThat(paths.get("/api/v1/admin/incidents/{id}/updates")
                        .get("post")
                        .get("summary")
                        .asString())
                .isEqualTo("Add an update to an incident's timeline");
    }

    @Test
    void theStatusPageFlagSwitchedOffHidesThePage() {
        Account operator = operator();
        assertThat(api.get("/status").send().status()).isEqualTo(200);
        Response off = api.put(
                        "/api/v1/admin/flags/status-page",
                        Map.of("description", "The public status page", "enabled", false))
                .bearer(operator.accessToken())
                .send();
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        try {
            assertThat(api.get("/status").send().status()).isEqualTo(404);
            assertThat(api.get("/status.json").send().status()).isEqualTo(404);
        } finally {
            // Back as V77 seeds it (on for everyone): the next test's clean-up empties the flags table with TRUNCATE,
            // which notifies no node, so a cached "off" would hide the page from the tests after this one.
            Response on = api.put(
                            "/api/v1/admin/flags/status-page",
                            Map.of(
                                    "description",
                                    "The public status page",
                                    "enabled",
                                    true,
                                    "rollout",
                                    List.of(Map.of("variant", "on", "percent", 100))))
                    .bearer(operator.accessToken())
                    .send();
            assertThat(on.status()).as(on.body()).isEqualTo(200);
            assertThat(api.get("/status.json").send().status()).isEqualTo(200);
        }
    }

    private JsonNode statusJson() {
        Response response = api.get("/status.json").send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private String open(Account operator, String impact, List<String> components, String title) {
        Response response = api.post(
                        "/api/v1/admin/incidents",
                        Map.of("title", title, "impact", impact, "components", components, "message", "Looking."))
                .bearer(operator.accessToken())
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static List<String> fields(Response response) {
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asString()));
        return texts;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.get(field).asString()));
        return texts;
    }

    private Account operator() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        String token = api.post(
                        "/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
        return new Account(
                operator.userId(),
                operator.workspaceId(),
                operator.email(),
                operator.password(),
                token,
                operator.refreshToken(),
                operator.role());
    }
}
