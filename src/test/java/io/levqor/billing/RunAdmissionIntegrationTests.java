package io.levqor.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.levqor.billing.internal.LedgerPostings;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@LevqorIntegrationTest
@RecordApplicationEvents
class RunAdmissionIntegrationTests {

    @Autowired
    RunAdmission admission;

    @Autowired
    Credits credits;

    @Autowired
    LedgerPostings postings;

    @Autowired
    AccountRepository accounts;

    @Autowired
    MutableClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    ApplicationEvents events;

    @Test
    void aNewWorkspaceGetsFiftyCreditsOnceAndTheFreePlan() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        credits.grantSignupCredits(workspace);

        assertThat(credits.balance(workspace)).isEqualTo(50);
        assertThat(credits.ledger(workspace, null, 10).items()).hasSize(1);
        assertThat(accounts.find(workspace).orElseThrow().plan()).isEqualTo("free");
    }

    @Test
    void rejectsTheFreePlansSecondRunOfTheDayWithUpgradeInformation() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        inTransaction(() -> admission.admit(workspace, Ids.newId(), "manual"));

        QuotaExceeded refused = catchThrowableOfType(
                QuotaExceeded.class, () -> inTransaction(() -> admission.admit(workspace, Ids.newId(), "manual")));

        assertThat(refused.status().value()).isEqualTo(402);
        assertThat(refused.type().toString()).isEqualTo("https://levqor.io/problems/quota-exceeded");
        assertThat(refused.limit()).isEqualTo("daily-run-cap");
        assertThat(refused.properties()).containsEntry("limit", "daily-run-cap").containsEntry("plan", "free");
        assertThat(map(refused.properties().get("usage")))
                .containsEntry("runsToday", 1)
                .containsEntry("dailyRunCap", 1);
        List<Object> plans = list(refused.properties().get("plans"));
        assertThat(plans).extracting(p -> map(p).get("id")).containsExactly("starter", "pro", "business");
        assertThat(map(plans.getFirst()).get("checkout"))
                .isEqualTo(Map.of(
                        "method", "POST", "path", "/api/v1/billing/checkout", "body", Map.of("plan", "starter")));
        assertThat(credits.balance(workspace)).isEqualTo(49);
        assertThat(events.stream(RunRefused.class))
                .anySatisfy(e -> assertThat(e.limit()).isEqualTo("daily-run-cap"));
    }

    @Test
    void theCapResetsTheNextUtcDay() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        admission.admit(workspace, Ids.newId(), "schedule");
        assertThatThrownBy(() -> admission.admit(workspace, Ids.newId(), "schedule"))
                .isInstanceOf(QuotaExceeded.class);

        clock.advance(Duration.ofDays(1));

        admission.admit(workspace, Ids.newId(), "schedule");
        assertThat(credits.balance(workspace)).isEqualTo(48);
    }

    @Test
    void aRefusalLeavesTheCallersTransactionUsable() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        admission.admit(workspace, Ids.newId(), "manual");
        var jdbc = JdbcClient.create(dataSource);

        // what the engine does for a refused scheduled fire: catch the refusal, record the run, commit
        inTransaction(() -> {
            assertThatThrownBy(() -> admission.admit(workspace, Ids.newId(), "schedule"))
                    .isInstanceOf(QuotaExceeded.class);
            jdbc.sql("SELECT 1").query(Integer.class).single();
        });

        assertThat(jdbc.sql("SELECT runs FROM billing_run_day WHERE tenant_id = :t")
                        .param("t", workspace.value())
                        .query(Integer.class)
                        .single())
                .as("the refused run is not counted")
                .isEqualTo(1);
    }

    @Test
    void rejectsARunWhenCreditsRunOut() {
        var workspace = onPlanWithBalance("business", 1);
        admission.admit(workspace, Ids.newId(), "api");

        QuotaExceeded refused =
                catchThrowableOfType(QuotaExceeded.class, () -> admission.admit(workspace, Ids.newId(), "api"));

        assertThat(refused.limit()).isEqualTo("credits");
        assertThat(refused.usage()).isZero();
        assertThat(list(refused.properties().get("plans")))
                .extracting(p -> map(p).get("id"))
                .containsExactly("starter", "pro");
    }

    @Test
    void admittingTheSameRunTwiceChargesOnce() {
        var workspace = onPlanWithBalance("business", 5);
        UUID run = Ids.newId();

        admission.admit(workspace, run, "webhook");
        admission.admit(workspace, run, "retry");

        assertThat(credits.balance(workspace)).isEqualTo(4);
        assertThat(credits.check(workspace).holds()).isTrue();
    }

    @Test
    void thirtyTwoThreadsAgainstABalanceOfTenStartExactlyTen() throws Exception {
        var workspace = onPlanWithBalance("business", 10);
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        inTransaction(() -> admission.admit(workspace, Ids.newId(), "api"));
                        return true;
                    } catch (QuotaExceeded e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int started = 0;
            for (Future<Boolean> result : results) {
                started += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(started).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
        assertThat(credits.balance(workspace)).isZero();
        LedgerCheck check = credits.check(workspace);
        assertThat(check.holds()).isTrue();
        assertThat(check.lines()).isEqualTo(12); // signup, setup adjustment, ten runs
    }

    /** A workspace on {@code plan} holding exactly {@code balance} credits. */
    WorkspaceId onPlanWithBalance(String plan, long balance) {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        postings.takeBack(workspace, CreditKind.ADJUSTMENT, 50 - balance, "test:setup", clock.instant());
        accounts.setPlan(workspace, plan, clock.instant());
        return workspace;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    void inTransaction(Runnable work) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> work.run());
    }
}
