package io.levqor.billing;

import io.levqor.billing.internal.BillingSettings;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * Points billing at {@link FakeProviders} with test secrets. A plain configuration found by component scanning
 * (like the support's probe controller), so every test context is the same one and is built once.
 */
@Configuration(proxyBeanMethods = false)
class BillingTestConfiguration {

    static final String STRIPE_OLD_SECRET = "whsec_test_old";
    static final String STRIPE_NEW_SECRET = "whsec_test_new";
    static final String RAZORPAY_SECRET = "rzp_webhook_secret";

    @Bean(destroyMethod = "close")
    FakeProviders fakeProviders() {
        return FakeProviders.start();
    }

    @Bean
    @Primary
    BillingSettings testBillingSettings(Environment environment, FakeProviders fake) {
        BillingSettings bound = Binder.get(environment)
                .bind("levqor.billing", BillingSettings.class)
                .orElseThrow(() -> new IllegalStateException("levqor.billing is not configured"));
        return new BillingSettings(
                bound.enabled(),
                bound.gracePeriod(),
                bound.freePlan(),
                bound.checkoutSuccessPath(),
                bound.checkoutCancelPath(),
                bound.plans(),
                new BillingSettings.Stripe(
                        FakeProviders.STRIPE_KEY,
                        STRIPE_OLD_SECRET + ", " + STRIPE_NEW_SECRET,
                        fake.stripeBase(),
                        bound.stripe().tolerance(),
                        bound.stripe().currency()),
                new BillingSettings.Razorpay(
                        FakeProviders.RAZORPAY_KEY_ID,
                        FakeProviders.RAZORPAY_KEY_SECRET,
                        RAZORPAY_SECRET,
                        fake.razorpayBase(),
                        bound.razorpay().currency()));
    }
}
