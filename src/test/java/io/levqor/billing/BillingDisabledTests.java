package io.levqor.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.levqor.billing.internal.Admission;
import io.levqor.billing.internal.BillingSettings;
import io.levqor.billing.internal.LedgerPostings;
import io.levqor.billing.internal.RazorpayClient;
import io.levqor.billing.internal.RunRefusals;
import io.levqor.billing.internal.SpendGuardSettings;
import io.levqor.billing.internal.SpendLimits;
import io.levqor.billing.internal.StripeClient;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.CreditLedger;
import io.levqor.billing.jdbc.ProviderPlanRepository;
import io.levqor.billing.jdbc.RunCounter;
import io.levqor.billing.jdbc.SubscriptionRepository;
import io.levqor.identity.WorkspaceSuspensions;
import io.levqor.shared.Ids;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;

/** {@code LEVQOR_BILLING_ENABLED=false}: no plans, credits or caps; admission always passes and touches nothing. */
class BillingDisabledTests {

    static final BillingSettings OFF = new BillingSettings(
            false,
            Duration.ofDays(7),
            "free",
            "/ok",
            "/cancel",
            List.of(plan("free", 50, 0, 1, 60, 0), plan("pro", 0, 10_000, 2000, 1200, 7900)),
            new BillingSettings.Stripe("", "", URI.create("http://localhost"), Duration.ofMinutes(5), "usd"),
            new BillingSettings.Razorpay("", "", "", URI.create("http://localhost"), "INR"));

    final AccountRepository accounts = mock(AccountRepository.class);
    final CreditLedger ledger = mock(CreditLedger.class);
    final RunCounter counter = mock(RunCounter.class);
    final LedgerPostings postings = mock(LedgerPostings.class);
    final Plans plans = new Plans(OFF);

    @Test
    void admissionAlwaysPassesAndChargesNothing() {
        var admission = new RunAdmission(
                mock(WorkspaceSuspensions.class),
                OFF,
                new Admission(
                        accounts,
                        ledger,
                        counter,
                        plans,
                        new SpendLimits(new SpendGuardSettings(0, 0)),
                        mock(LlmSpendGate.class)),
                postings,
                mock(RunRefusals.class),
                Clock.systemUTC(),
                mock(PlatformTransactionManager.class));
        var workspace = WorkspaceId.newId();

        for (int i = 0; i < 100; i++) {
            admission.admit(workspace, Ids.newId(), "schedule");
        }

        verifyNoInteractions(accounts, ledger, counter, postings);
    }

    @Test
    void theBillingPagesSayBillingIsOff() {
        var quotas = new Quotas(
                OFF,
                plans,
                accounts,
                counter,
                mock(SubscriptionRepository.class),
                new SpendLimits(new SpendGuardSettings(0, 0)),
                mock(WorkspaceSuspensions.class),
                mock(LlmSpendGate.class),
                mock(io.levqor.billing.internal.LlmPricing.class),
                Clock.systemUTC());
        var workspace = WorkspaceId.newId();

        assertThat(quotas.usage(workspace).billingEnabled()).isFalse();
        assertThat(quotas.usage(workspace).plan()).isNull();
        assertThat(quotas.limits(workspace).dailyRunCap()).isNull();
        assertThat(quotas.rateLimit(workspace)).isNull();
    }

    @Test
    void checkoutAndSignupCreditsAreOff() {
        var checkout = new Checkout(
                OFF,
                new PlatformSettings(URI.create("http://localhost"), Path.of("."), DataSize.ofMegabytes(1)),
                plans,
                mock(StripeClient.class),
                mock(RazorpayClient.class),
                accounts,
                mock(ProviderPlanRepository.class));
        var workspace = WorkspaceId.newId();

        assertThatThrownBy(() -> checkout.start(workspace, "pro", "stripe", null))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.status().value()).isEqualTo(409));
        new Credits(OFF, postings, accounts, ledger, Clock.systemUTC()).grantSignupCredits(workspace);
        verifyNoInteractions(postings);
    }

    static BillingSettings.PlanSettings plan(
            String id, long signup, long monthly, Integer cap, int requests, long usd) {
        return new BillingSettings.PlanSettings(
                id,
                id,
                signup,
                monthly,
                cap,
                new BillingSettings.RateLimitSettings(requests, Duration.ofMinutes(1)),
                null,
                Map.of("USD", usd),
                null,
                null);
    }
}
