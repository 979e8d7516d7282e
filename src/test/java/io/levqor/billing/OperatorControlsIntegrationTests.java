package io.levqor.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.levqor.billing.jdbc.SubscriptionRepository;
import io.levqor.identity.AuditEntry;
import io.levqor.identity.AuditTrail;
import io.levqor.identity.WorkspaceSuspended;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The operator's controls over a workspace (issue 16): plan, credits, suspension; each audited, chain intact. */
@LevqorIntegrationTest
class OperatorControlsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    AuditTrail audit;

    @Autowired
    Credits credits;

    @Autowired
    RunAdmission admission;

    @Autowired
    SubscriptionRepository subscriptions;

    @Autowired
    MutableClock clock;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorAssignsAPlanAndTheChangeIsAuditedInBothLogs() {
        Account operator = operator();
        Account customer = accounts.signUp();

        Response assigned = api.put(
                        "/api/v1/admin/workspaces/" + customer.workspaceId() + "/plan",
                        Map.of("plan", "pro", "reason", "partner deal", "grantCredits", true))
                .bearer(operator.accessToken())
                .header("Idempotency-Key", "deal-1")
                .send();
        Response again = api.put(
                        "/api/v1/admin/workspaces/" + customer.workspaceId() + "/plan",
                        Map.of("plan", "pro", "reason", "partner deal", "grantCredits", true))
                .bearer(operator.accessToken())
                .header("Idempotency-Key", "deal-1")
                .send();

        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        assertThat(assigned.json().path("plan").asString()).isEqualTo("pro");
        assertThat(assigned.json().path("previousPlan").asString()).isEqualTo("free");
        assertThat(assigned.json().path("creditsGranted").asLong()).isEqualTo(10_000);
        assertThat(again.json().path("creditsGranted").asLong())
                .as("the same key grants nothing more")
                .isZero();
        assertThat(credits.balance(WorkspaceId.of(customer.workspaceId()))).isEqualTo(10_050);
        Response usage =
                api.get("/api/v1/billing/usage").bearer(customer.accessToken()).send();
        assertThat(usage.json().path("plan").asString()).isEqualTo("pro");

        assertThat(actions(customer.workspaceId())).containsOnlyOnce("operator.plan-assigned");
        assertThat(actions(operator.workspaceId())).containsOnlyOnce("operator.plan-assigned");
        assertThat(entry(customer.workspaceId(), "operator.plan-assigned").target())
                .contains("plan=pro", "previous=free", "reason=partner deal");
        assertThat(entry(customer.workspaceId(), "operator.plan-assigned").actor())
                .isEqualTo("user:" + operator.userId());
        assertThat(audit.verify(WorkspaceId.of(customer.workspaceId())).intact())
                .isTrue();
        assertThat(audit.verify(WorkspaceId.of(operator.workspaceId())).intact())
                .isTrue();
    }

    @Test
    void aLiveProviderSubscriptionIsKeptOnlyWhenTheOperatorSaysSo() {
        Account operator = operator();
        Account customer = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(customer.workspaceId());
        api.get("/api/v1/billing/usage").bearer(customer.accessToken()).send();
        subscriptions.insert(
                new SubscriptionRepository.SubscriptionRow(
                        workspace,
                        Ids.newId(),
                        PaymentProvider.STRIPE,
                        "sub_live_" + Ids.newId(),
                        "starter",
                        SubscriptionState.ACTIVE,
                        "cus_1",
                        clock.instant(),
                        clock.instant().plusSeconds(86_400 * 30),
                        null,
                        clock.instant()),
                clock.instant());
        String path = "/api/v1/admin/workspaces/" + customer.workspaceId() + "/plan";

        Response refused = api.put(path, Map.of("plan", "business", "reason", "upgrade by hand"))
                .bearer(operator.accessToken())
                .send();
        Response kept = api.put(
                        path, Map.of("plan", "business", "reason", "upgrade by hand", "keepProviderSubscription", true))
                .bearer(operator.accessToken())
                .send();

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("detail").asString()).contains("stripe", "keepProviderSubscription");
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(kept.json().path("providerSubscription").path("provider").asString())
                .isEqualTo("stripe");
        assertThat(kept.json().path("creditsGranted").asLong()).isZero();
        assertThat(entry(customer.workspaceId(), "operator.plan-assigned").target())
                .contains("kept-subscription=stripe:sub_live_");
    }

    @Test
    void theOperatorGrantsAndRemovesCreditsThroughTheLedgerOnceperIdempotencyKey() {
        Account operator = operator();
        Account customer = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(customer.workspaceId());
        String path = "/api/v1/admin/workspaces/" + customer.workspaceId() + "/credits";

        Response granted = api.post(path, Map.of("credits", 500, "reason", "outage compensation"))
                .bearer(operator.accessToken())
                .header("Idempotency-Key", "comp-42")
                .send();
        Response replayed = api.post(path, Map.of("credits", 500, "reason", "outage compensation"))
                .bearer(operator.accessToken())
                .header("Idempotency-Key", "comp-42")
                .send();
        Response reused = api.post(path, Map.of("credits", 501, "reason", "outage compensation"))
                .bearer(operator.accessToken())
                .header("Idempotency-Key", "comp-42")
                .send();
        Response removed = api.post(path, Map.of("credits", -1000, "reason", "abuse"))
                .bearer(operator.accessToken())
                .send();

        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        assertThat(granted.json().path("balance").asLong()).isEqualTo(550);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.json().path("replayed").asBoolean()).isTrue();
        assertThat(replayed.json().path("balance").asLong()).isEqualTo(550);
        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(removed.json().path("applied").asLong()).isEqualTo(-550);
        assertThat(removed.json().path("shortfall").asLong()).isEqualTo(450);
        assertThat(removed.json().path("balance").asLong()).isZero();

        assertThat(credits.balance(workspace)).isZero();
        assertThat(credits.check(workspace).holds()).isTrue();
        assertThat(credits.ledger(workspace, null, 10).items())
                .extracting(LedgerEntry::kind, LedgerEntry::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CreditKind.ADJUSTMENT, -550L),
                        org.assertj.core.groups.Tuple.tuple(CreditKind.ADJUSTMENT, 500L),
                        org.assertj.core.groups.Tuple.tuple(CreditKind.GRANT, 50L));
        assertThat(actions(customer.workspaceId()))
                .containsOnlyOnce("operator.credits-granted", "operator.credits-removed");
        assertThat(entry(customer.workspaceId(), "operator.credits-removed").target())
                .contains("credits=-1000", "applied=-550", "reason=abuse");
        assertThat(audit.verify(workspace).intact()).isTrue();
        assertThat(audit.verify(WorkspaceId.of(operator.workspaceId())).intact())
                .isTrue();
    }

    @Test
    void badAdjustmentsAre400sNamingTheFieldAndOnlyTheOperatorMayMakeThem() {
        Account operator = operator();
        Account customer = accounts.signUp();
        String path = "/api/v1/admin/workspaces/" + customer.workspaceId() + "/credits";

        Response noReason = api.post(path, Map.of("credits", 5))
                .bearer(operator.accessToken())
                .send();
        Response zero = api.post(path, Map.of("credits", 0, "reason", "x"))
                .bearer(operator.accessToken())
                .send();
        Response unknownPlan = api.put(
                        "/api/v1/admin/workspaces/" + customer.workspaceId() + "/plan",
                        Map.of("plan", "platinum", "reason", "x"))
                .bearer(operator.accessToken())
                .send();
        Response unknownWorkspace = api.post(
                        "/api/v1/admin/workspaces/" + Ids.newId() + "/credits", Map.of("credits", 5, "reason", "x"))
                .bearer(operator.accessToken())
                .send();
        Response byTheCustomer = api.post(path, Map.of("credits", 5, "reason", "x"))
                .bearer(customer.accessToken())
                .send();

        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body()).contains("credits");
        assertThat(unknownPlan.status()).isEqualTo(400);
        assertThat(unknownPlan.body()).contains("plan");
        assertThat(unknownWorkspace.status()).isEqualTo(404);
        assertThat(byTheCustomer.status()).isEqualTo(403);
        assertThat(credits.balance(WorkspaceId.of(customer.workspaceId()))).isEqualTo(50);
    }

    @Test
    void aSuspendedWorkspaceCanBeReadButStartsNoRunsAndTakesNoWritesUntilResumed() {
        Account operator = operator();
        Account customer = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(customer.workspaceId());
        String workflow = createWorkflow(customer);

        Response suspended = api.post(
                        "/api/v1/admin/workspaces/" + customer.workspaceId() + "/suspend",
                        Map.of("reason", "payment fraud under review"))
                .bearer(operator.accessToken())
                .send();
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        assertThat(suspended.json().path("suspended").asBoolean()).isTrue();

        Response run = api.post("/api/v1/workflows/" + workflow + "/runs", Map.of("input", Map.of()))
                .bearer(customer.accessToken())
                .send();
        Response write = api.post("/api/v1/workflows", workflowBody())
                .bearer(customer.accessToken())
                .send();
        Response read = api.get("/api/v1/workflows/" + workflow)
                .bearer(customer.accessToken())
                .send();
        WorkspaceSuspended scheduled = catchThrowableOfType(
                WorkspaceSuspended.class, () -> admission.admit(workspace, Ids.newId(), "schedule"));

        assertThat(run.status()).as(run.toString()).isEqualTo(403);
        assertThat(run.contentType()).startsWith("application/problem+json");
        assertThat(run.json().path("type").asString()).isEqualTo("https://levqor.io/problems/workspace-suspended");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().path("type").asString()).endsWith("/workspace-suspended");
        assertThat(read.status()).isEqualTo(200);
        assertThat(scheduled)
                .as("runs that do not come through the API (schedules, webhooks) are refused too")
                .isNotNull();
        assertThat(scheduled.status().value()).isEqualTo(403);

        Response resumed = api.post("/api/v1/admin/workspaces/" + customer.workspaceId() + "/resume", Map.of())
                .bearer(operator.accessToken())
                .send();
        assertThat(resumed.json().path("suspended").asBoolean()).isFalse();
        Response runAfter = api.post("/api/v1/workflows/" + workflow + "/runs", Map.of("input", Map.of()))
                .bearer(customer.accessToken())
                .send();
        assertThat(runAfter.status()).as(runAfter.toString()).isEqualTo(202);

        assertThat(actions(customer.workspaceId()))
                .containsOnlyOnce("operator.workspace-suspended", "operator.workspace-resumed");
        assertThat(actions(operator.workspaceId()))
                .containsOnlyOnce("operator.workspace-suspended", "operator.workspace-resumed");
        assertThat(audit.verify(workspace).intact()).isTrue();
    }

    @Test
    void suspendingNeedsAReason() {
        Account operator = operator();
        Account customer = accounts.signUp();

        Response refused = api.post("/api/v1/admin/workspaces/" + customer.workspaceId() + "/suspend", Map.of())
                .bearer(operator.accessToken())
                .send();

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("reason");
    }

    private String createWorkflow(Account owner) {
        Response created = api.post("/api/v1/workflows", workflowBody())
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static Map<String, Object> workflowBody() {
        return Map.of(
                "name",
                "operator",
                "definition",
                Map.of(
                        "trigger",
                        Map.of("type", "manual"),
                        "steps",
                        List.of(Map.of("id", "t", "type", "transform", "output", 1))));
    }

    private List<String> actions(String workspace) {
        return audit.page(WorkspaceId.of(workspace), null, 100).stream()
                .map(AuditEntry::action)
                .toList();
    }

    private AuditEntry entry(String workspace, String action) {
        return audit.page(WorkspaceId.of(workspace), null, 100).stream()
                .filter(e -> e.action().equals(action))
                .findFirst()
                .orElseThrow();
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
