package io.levqor.billing;

import io.levqor.billing.internal.BillingSettings;
import io.levqor.billing.internal.RazorpayClient;
import io.levqor.billing.internal.StripeClient;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.ProviderPlanRepository;
import io.levqor.shared.FieldError;
import io.levqor.shared.Money;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Sends a workspace to a provider's hosted page to buy a plan, or to Stripe's customer portal. */
@Service
public class Checkout {

    private final BillingSettings settings;
    private final PlatformSettings platform;
    private final Plans plans;
    private final StripeClient stripe;
    private final RazorpayClient razorpay;
    private final AccountRepository accounts;
    private final ProviderPlanRepository providerPlans;

    public Checkout(
            BillingSettings settings,
            PlatformSettings platform,
            Plans plans,
            StripeClient stripe,
            RazorpayClient razorpay,
            AccountRepository accounts,
            ProviderPlanRepository providerPlans) {
        this.settings = settings;
        this.platform = platform;
        this.plans = plans;
        this.stripe = stripe;
        this.razorpay = razorpay;
        this.accounts = accounts;
        this.providerPlans = providerPlans;
    }

    /**
     * Creates a Stripe Checkout Session or a Razorpay subscription for the plan and returns the hosted page's URL.
     *
     * @param currency an ISO code; by default USD for Stripe and INR for Razorpay (configurable)
     */
    public String start(WorkspaceId workspace, String planId, String providerName, @Nullable String currency) {
        requireEnabled();
        List<FieldError> errors = new ArrayList<>();
        Optional<PaymentProvider> provider = PaymentProvider.fromApiName(providerName);
        if (provider.isEmpty()) {
            errors.add(new FieldError("provider", "must be stripe or razorpay"));
        }
        Optional<Plan> plan = plans.find(planId).filter(Plan::isPaid);
        if (plan.isEmpty()) {
            errors.add(new FieldError(
                    "plan",
                    "must be one of "
                            + plans.all().stream()
                                    .filter(Plan::isPaid)
                                    .map(Plan::id)
                                    .toList()));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        String code = (currency != null && !currency.isBlank())
                ? currency.toUpperCase(Locale.ROOT)
                : switch (provider.get()) {
                    case STRIPE -> settings.stripe().currency().toUpperCase(Locale.ROOT);
                    case RAZORPAY -> settings.razorpay().currency().toUpperCase(Locale.ROOT);
                };
        Money price = plan.get()
                .price(code)
                .orElseThrow(() -> ValidationFailed.of(
                        "currency",
                        "the plan is priced in "
                                + plan.get().prices().stream()
                                        .map(p -> p.currency().getCurrencyCode())
                                        .toList()));
        return switch (provider.get()) {
            case STRIPE -> stripeCheckout(workspace, plan.get(), price);
            case RAZORPAY -> razorpayCheckout(workspace, plan.get(), price);
        };
    }

    /** A link to Stripe's customer portal for the workspace's Stripe customer. */
    public String portal(WorkspaceId workspace) {
        requireEnabled();
        String customer = accounts.find(workspace)
                .map(AccountRepository.AccountRow::stripeCustomerId)
                .orElseThrow(() -> ProblemException.conflict("The workspace has not paid through Stripe yet."));
        return stripe.createPortalSession(customer, platform.url(settings.checkoutSuccessPath()))
                .url();
    }

    private String stripeCheckout(WorkspaceId workspace, Plan plan, Money price) {
        String customer = accounts.find(workspace)
                .map(AccountRepository.AccountRow::stripeCustomerId)
                .orElse(null);
        return stripe.createCheckoutSession(
                        workspace,
                        plan,
                        price,
                        customer,
                        platform.url(settings.checkoutSuccessPath()),
                        platform.url(settings.checkoutCancelPath()),
                        planSettings(plan).stripePriceId())
                .url();
    }

    private String razorpayCheckout(WorkspaceId workspace, Plan plan, Money price) {
        String currency = price.currency().getCurrencyCode();
        String configured = planSettings(plan).razorpayPlanId();
        String razorpayPlan = configured != null && !configured.isBlank()
                ? configured
                : providerPlans
                        .find(PaymentProvider.RAZORPAY, plan.id(), currency)
                        .orElseGet(() -> providerPlans.save(
                                PaymentProvider.RAZORPAY, plan.id(), currency, razorpay.createPlan(plan, price)));
        return razorpay.createSubscription(razorpayPlan, workspace, plan).shortUrl();
    }

    private BillingSettings.PlanSettings planSettings(Plan plan) {
        return settings.plans().stream()
                .filter(p -> p.id().equals(plan.id()))
                .findFirst()
                .orElseThrow();
    }

    private void requireEnabled() {
        if (!settings.enabled()) {
            throw new ProblemException(
                    HttpStatus.CONFLICT,
                    "billing-disabled",
                    "Billing is off",
                    "This Levqor runs without plans and credits (LEVQOR_BILLING_ENABLED=false).");
        }
    }
}
