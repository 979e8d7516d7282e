package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Issue 17, "Runs": the run list's search and filters, and retrying failed runs in bulk with the latest version. */
@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleRunsIntegrationTests {

    static final String SOMETIMES_FAILING = """
            {"trigger": {"type": "manual"},
             "steps": [{"id": "check", "type": "scripted", "permanent": "{{ trigger.input.fail = true }}"}]}
            """;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    io.levqor.billing.jdbc.AccountRepository billingAccounts;

    @Autowired
    java.time.Clock clock;

    @Autowired
    io.levqor.billing.Credits credits;

    /** The free plan starts one run a day; these tests start several. */
    void unlimited(TestAccounts.Account owner) {
        var workspace = new io.levqor.shared.WorkspaceId(java.util.UUID.fromString(owner.workspaceId()));
        credits.grantSignupCredits(workspace); // creates the billing account if the sign-up's listener has not yet
        billingAccounts.setPlan(workspace, "business", clock.instant());
        credits.grant(workspace, 10_000, "console-tests");
    }

    @Test
    void theRunListSearchesAndFiltersAndRetriesFailedRunsInBulkWithTheLatestVersion(Browser browser) {
        var owner = accounts.signUp();
        unlimited(owner);
        String workflowId = workflow(owner);
        String first = run(owner, workflowId, "{\"order\": \"A-1\", \"fail\": true}", "failed");
        String second = run(owner, workflowId, "{\"order\": \"B-2\", \"fail\": true}", "failed");
        String fine = run(owner, workflowId, "{\"order\": \"C-3\"}", "succeeded");

        browser.logIn(owner.email(), owner.password());
        browser.go("/console/runs").fill("Input or error contains", "a-1").press("Filter");
        browser.waitFor(d -> browser.all("#run-rows tbody tr").size() == 1);
        assertThat(browser.one("#run-rows tbody").getText()).contains(first.substring(0, 8));
        assertThat(browser.path()).contains("q=a-1");
        PageChecks.labelledAndFitsAPhone(browser, "runs-search");

        browser.go("/console/runs")
                .fill("Input or error contains", "permanent failure")
                .press("Filter");
        browser.waitFor(d -> browser.all("#run-rows tbody tr").size() == 2);
        browser.go("/console/runs").select("Trigger", "webhook").press("Filter").waitForText("No runs match.");
        browser.go("/console/runs")
                .setValue("From (UTC)", "2999-01-01T00:00")
                .press("Filter")
                .waitForText("No runs match.");
        browser.go("/console/runs?trigger=api")
                .waitFor(d -> browser.all("#run-rows tbody tr").size() == 3);
        assertThat(browser.text()).contains(fine.substring(0, 8));

        // The fix: version 2 no longer fails.
        var fixed = api.put(
                        "/api/v1/workflows/" + workflowId,
                        "{\"name\": \"Orders\", \"definition\": "
                                + SOMETIMES_FAILING.replace("{{ trigger.input.fail = true }}", "false") + "}")
                .bearer(owner.accessToken())
                .send();
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);

        browser.go("/console/runs?status=failed").waitForText("Retry selected with the latest version");
        browser.screenshot("runs-failed-bulk");
        browser.click("input[aria-label='Select run " + first + "']");
        browser.pressAndConfirm("Retry selected with the latest version")
                .waitForText("Retried 1 run with the latest version.");
        assertThat(awaitStatus(owner, first, "succeeded").get("version").asInt())
                .isEqualTo(2);
        assertThat(status(owner, second).get("status").asString()).isEqualTo("failed");

        browser.go("/console/runs?status=failed&q=b-2")
                .pressAndConfirm("Retry all failed matching this filter (up to 100)")
                .waitForText("Retried 1 run with the latest version.");
        assertThat(awaitStatus(owner, second, "succeeded").get("version").asInt())
                .isEqualTo(2);
        browser.screenshot("runs-bulk-retried");
    }

    /**
     * Issue 17 / 13, "Run page": a loop's progress (done / total, failed items listed, the item rows bounded) and a
     * waiting run's signal sent with "Approve / resume".
     */
    @Test
    void aRunShowsItsLoopsProgressAndAWaitingRunIsApprovedFromItsPage(Browser browser) {
        var owner = accounts.signUp();
        unlimited(owner);
        var created = api.post("/api/v1/workflows", "{\"name\": \"Batch\", \"definition\": " + LOOP_THEN_WAIT + "}")
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String runId = run(owner, created.json().get("id").asString(), "{}", "waiting");

        browser.logIn(owner.email(), owner.password());
        browser.go("/console/runs/" + runId).waitForText("Waiting for a signal");
        assertThat(browser.one("[data-loop=each]").getText())
                .contains("25 / 25 items done", "1 failed: 12", "14 more items are not drawn");
        assertThat(browser.one("[data-loop=each] progress").getDomAttribute("max"))
                .isEqualTo("25");
        assertThat(browser.all("#timeline li[data-step=check]")).hasSize(11);
        assertThat(browser.text()).contains("Step approve waits for the signal approval");
        browser.screenshot("run-waiting-loop");

        browser.setValue("Data to send (JSON, optional)", "{\"by\": \"Ada\"}");
        browser.press("Approve / resume").waitForText("Signal “approval” sent: the run goes on.");
        assertThat(awaitStatus(owner, runId, "succeeded")
                        .get("output")
                        .get("by")
                        .asString())
                .isEqualTo("Ada");
    }

    static final String LOOP_THEN_WAIT = """
            {"trigger": {"type": "manual"},
             "steps": [
               {"id": "each", "type": "forEach", "items": "{{ [1..25] }}", "onItemError": "continue",
                "steps": [{"id": "check", "type": "scripted", "permanent": "{{ item = 13 }}"}]},
               {"id": "approve", "type": "wait", "for": "signal", "signal": "approval"}],
             "output": "{{ steps.approve.output }}"}
            """;

    String workflow(TestAccounts.Account owner) {
        var created = api.post("/api/v1/workflows", "{\"name\": \"Orders\", \"definition\": " + SOMETIMES_FAILING + "}")
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    String run(TestAccounts.Account owner, String workflowId, String input, String status) {
        var started = api.post("/api/v1/workflows/" + workflowId + "/runs", "{\"input\": " + input + "}")
                .bearer(owner.accessToken())
                .send();
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String runId = started.json().get("runId").asString();
        awaitStatus(owner, runId, status);
        return runId;
    }

    JsonNode status(TestAccounts.Account owner, String runId) {
        return api.get("/api/v1/runs/" + runId)
                .bearer(owner.accessToken())
                .send()
                .json();
    }

    JsonNode awaitStatus(TestAccounts.Account owner, String runId, String status) {
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode seen = null;
        while (Instant.now().isBefore(deadline)) {
            seen = status(owner, runId);
            if (status.equals(seen.get("status").asString())) {
                return seen;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("run " + runId + " is " + seen + ", not " + status);
    }
}
