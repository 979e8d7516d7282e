package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.Worker;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.workflow.WorkflowView;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code {{ run.resumeUrl }}} (a signed link that resumes a waiting run) and {@code wait} with {@code until}. */
@LevqorIntegrationTest
class ResumeUrlAndSleepIntegrationTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    HttpApi api;

    @Autowired
    Runs runs;

    @Autowired
    Worker worker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
    }

    private static Map<String, Object> approval(String id, String timeout) {
        return Map.of("id", id, "type", "wait", "for", "signal", "signal", "approval", "timeout", timeout);
    }

    /** A manual workflow whose output is its step {@code after}'s. */
    private WorkflowView withOutput(List<Map<String, Object>> steps) {
        return fixtures.workflow(
                workspace,
                Map.of("trigger", Map.of("type", "manual"), "steps", steps, "output", "{{ steps.after.output }}"));
    }

    /** A run that sends its resume link (the first step's output) and waits; answers the run and its link's path. */
    private Map.Entry<UUID, String> waitingRun(String timeout) {
        WorkflowView workflow = withOutput(List.of(
                transform("ask", Map.of("link", "{{ run.resumeUrl }}")),
                approval("approve", timeout),
                transform("after", "{{ steps.approve.output }}")));
        UUID runId = fixtures.start(workspace, workflow, Map.of());
        RunView waiting = fixtures.awaitStatus(workspace, runId, "waiting");
        String link = String.valueOf(
                ((Map<?, ?>) waiting.steps().get(0).attempts().get(0).output()).get("link"));
        URI uri = URI.create(link);
        assertThat(uri.getPath()).startsWith("/resume/");
        return Map.entry(runId, uri.getPath());
    }

    @Test
    void theSignedLinkResumesTheRunWithItsQueryOrBodyWithoutAnAccount() {
        var byQuery = waitingRun("3d");
        var byBody = waitingRun("3d");

        HttpApi.Response followed =
                api.get(byQuery.getValue() + "?decision=yes&by=Ada").send();
        HttpApi.Response posted =
                api.post(byBody.getValue(), Map.of("decision", "no")).send();

        assertThat(followed.status()).as(followed.toString()).isEqualTo(200);
        assertThat(followed.json().get("runId").asString())
                .isEqualTo(byQuery.getKey().toString());
        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        assertThat(fixtures.awaitEnd(workspace, byQuery.getKey()).output())
                .isEqualTo(Map.of("decision", "yes", "by", "Ada"));
        assertThat(fixtures.awaitEnd(workspace, byBody.getKey()).output()).isEqualTo(Map.of("decision", "no"));

        // Used again: the run no longer waits there.
        HttpApi.Response again = api.get(byQuery.getValue()).send();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aForgedOrExpiredLinkIsNotFound() {
        var run = waitingRun("1h");
        String path = run.getValue();
        String token = path.substring("/resume/".length());
        int dot = token.indexOf('.');
        // The same payload with another signature, another payload with this one, and plain junk.
        String forgedMac = token.substring(0, dot + 1) + "A".repeat(token.length() - dot - 1);
        String forgedPayload = "B" + token.substring(1);

        for (String forged : List.of(forgedMac, forgedPayload, "junk", "a.b", "-_-.")) {
            HttpApi.Response answer = api.get("/resume/" + forged).send();
            assertThat(answer.status()).as(forged).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        clock.advance(Duration.ofHours(2));
        assertThat(api.get(path).send().status()).isEqualTo(404);
        assertThat(runs.find(workspace, new RunId(run.getKey())).status()).isEqualTo("waiting");
    }

    @Test
    void aStepAfterTheLastWaitHasNoLink() {
        WorkflowView workflow = fixtures.workflow(workspace, List.of(transform("a", "{{ $exists(run.resumeUrl) }}")));
        UUID runId = fixtures.start(workspace, workflow, Map.of());
        assertThat(fixtures.awaitEnd(workspace, runId)
                        .steps()
                        .get(0)
                        .attempts()
                        .get(0)
                        .output())
                .isEqualTo(false);
    }

    @Test
    void aDurableSleepParksTheRunUntilItsInstantAcrossARestart() {
        Instant until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        WorkflowView workflow = withOutput(List.of(
                Map.of("id", "nap", "type", "wait", "until", "{{ trigger.input.at }}"),
                transform("after", "{{ steps.nap.output.until }}")));
        UUID runId = fixtures.start(workspace, workflow, Map.of("at", until.toString()));
        fixtures.awaitStatus(workspace, runId, "waiting");
        OffsetDateTime due = jdbc.sql("SELECT run_at FROM job WHERE run_id = :id AND state = 'queued'")
                .param("id", runId)
                .query(OffsetDateTime.class)
                .single();
        assertThat(due.toInstant()).isEqualTo(until);
        // No signal wakes a sleep.
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> runs.signal(workspace, new RunId(runId), "approval", Map.of()))
                .isInstanceOf(RunStateConflict.class);

        worker.stop();
        try {
            // The hour passes while the node is down: the job is all that remembers the sleep.
            jdbc.sql("UPDATE job SET run_at = now() WHERE run_id = :id")
                    .param("id", runId)
                    .update();
        } finally {
            worker.start();
        }

        RunView run = fixtures.awaitEnd(workspace, runId);
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output()).isEqualTo(until.toString());
        assertThat(run.steps()).extracting(RunView.Step::id).containsExactly("nap", "after");
    }

    @Test
    void aSleepUntilThePastGoesOnAndABadInstantFailsTheStep() {
        WorkflowView past = fixtures.workflow(
                workspace,
                List.of(Map.of("id", "nap", "type", "wait", "until", "2020-01-01T00:00:00Z"), transform("after", 1)));
        WorkflowView bad = fixtures.workflow(
                workspace, List.of(Map.of("id", "nap", "type", "wait", "until", "{{ trigger.input.at }}")));

        RunView pastRun = fixtures.awaitEnd(workspace, fixtures.start(workspace, past, Map.of()));
        RunView badRun = fixtures.awaitEnd(workspace, fixtures.start(workspace, bad, Map.of("at", "tomorrow")));

        assertThat(pastRun.status()).isEqualTo("succeeded");
        assertThat(badRun.status()).isEqualTo("failed");
        assertThat(badRun.error()).contains("step nap: until: is not an ISO-8601 instant");
    }
}
