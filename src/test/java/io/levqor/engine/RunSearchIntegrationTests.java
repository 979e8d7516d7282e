package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Issue 17, "Runs": {@code GET /api/v1/runs?trigger=…&q=…} searches a bounded window of the newest runs. */
@LevqorIntegrationTest
class RunSearchIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.context.ApplicationContext context;

    private Account owner;
    private String workflowId;

    @BeforeEach
    void setUp() {
        owner = new TestAccounts(api).signUp();
        // The free plan starts one run a day; these tests start several.
        new EngineFixtures(context).unlimited(new io.levqor.shared.WorkspaceId(UUID.fromString(owner.workspaceId())));
        ScriptedStep.reset();
        HttpApi.Response created = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "search",
                                "definition",
                                Map.of(
                                        "trigger",
                                        Map.of("type", "manual"),
                                        "steps",
                                        List.of(Map.of(
                                                "id",
                                                "check",
                                                "type",
                                                "scripted",
                                                "permanent",
                                                "{{ trigger.input.fail = true }}")))))
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        workflowId = created.json().get("id").asString();
    }

    private String run(Map<String, Object> input, String status) {
        String runId = api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", input))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("runId")
                .asString();
        Eventually.await(
                "run " + runId + " to be " + status,
                Duration.ofSeconds(30),
                () -> api.get("/api/v1/runs/" + runId)
                        .bearer(owner.accessToken())
                        .send()
                        .json(),
                r -> status.equals(r.get("status").asString()));
        return runId;
    }

    private HttpApi.Response list(String query) {
        return api.get("/api/v1/runs?" + query).bearer(owner.accessToken()).send();
    }

    private List<String> ids(String query) {
        HttpApi.Response answer = list(query);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static String q(String text) {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void findsRunsByTextInTheirInputOrErrorAndByTrigger() {
        String ada = run(Map.of("customer", "Ada Lovelace"), "succeeded");
        String bob = run(Map.of("customer", "Bob_100%"), "succeeded");
        String failed = run(Map.of("customer", "Carol", "fail", true), "failed");

        assertThat(ids(q("lovelace"))).containsExactly(ada);
        assertThat(ids(q("permanent failure"))).as("in the error").containsExactly(failed);
        assertThat(ids(q("_100%"))).as("LIKE wildcards are literal").containsExactly(bob);
        assertThat(ids(q("%"))).containsExactly(bob);
        assertThat(ids(q("customer") + "&status=failed")).containsExactly(failed);
        assertThat(ids(q("carol") + "&workflowId=" + workflowId + "&trigger=api"))
                .containsExactly(failed);
        assertThat(ids("trigger=api")).containsExactly(failed, bob, ada);
        assertThat(ids("trigger=webhook")).isEmpty();
        assertThat(list("trigger=webhook").json().hasNonNull("nextCursor")).isFalse();
    }

    @Test
    void aBadTriggerOrATooLongTextIsRefusedNamingTheField() {
        HttpApi.Response trigger = list("trigger=" + URLEncoder.encode("web hook!", StandardCharsets.UTF_8));
        assertThat(trigger.status()).isEqualTo(400);
        assertThat(trigger.json().get("errors").get(0).get("field").asString()).isEqualTo("trigger");
        HttpApi.Response text = list(q("x".repeat(201)));
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().get("errors").get(0).get("field").asString()).isEqualTo("q");
    }

    @Test
    void aSearchLooksThroughABoundedWindowAndItsCursorGoesOnWithTheNext() {
        String newest = run(Map.of("customer", "needle"), "succeeded");
        UUID tenant = jdbc.sql("SELECT tenant_id FROM run WHERE id = :id")
                .param("id", UUID.fromString(newest))
                .query(UUID.class)
                .single();
        // Older than every real run (UUIDv7 ids order by time): a match, then a full window of non-matching runs.
        jdbc.sql("""
                        INSERT INTO run (tenant_id, id, workflow_id, version, status, trigger_type, trigger, created_at)
                        SELECT :tenant, CAST('00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0') AS uuid),
                               :workflow, 1, 'succeeded', 'api',
                               CAST(CASE WHEN i = 1 THEN '{"input": {"customer": "needle"}}'
                                         ELSE '{"input": {"customer": "hay"}}' END AS jsonb),
                               now() - interval '1 day'
                          FROM generate_series(1, :count) AS i
                        """)
                .param("tenant", tenant)
                .param("workflow", UUID.fromString(workflowId))
                .param("count", Runs.SEARCH_WINDOW)
                .update();

        JsonNode first = list(q("needle")).json();
        assertThat(first.get("items")).hasSize(1);
        assertThat(first.get("items").get(0).get("id").asString()).isEqualTo(newest);
        String cursor = first.get("nextCursor").asString();
        assertThat(cursor)
                .as("the window was full: older runs are still to be searched")
                .isNotBlank();

        JsonNode second = list(q("needle") + "&cursor=" + cursor).json();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("items").get(0).get("id").asString()).isEqualTo("00000000-0000-7000-8000-000000000001");
        assertThat(second.hasNonNull("nextCursor")).isFalse();
    }
}
