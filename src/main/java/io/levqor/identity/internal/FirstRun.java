package io.levqor.identity.internal;

import io.levqor.identity.jdbc.UserRepository;
import io.levqor.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The first-run rule ({@code levqor.identity.first-account-operator}, on by default): with no {@code
 * LEVQOR_ADMIN_EMAIL}, the first account that signs up on a fresh install becomes the platform operator, as n8n's
 * owner set-up does. Exactly one account is promoted even when first sign-ups race ({@link
 * UserRepository#promoteIfFirst}).
 */
@Component
public class FirstRun {

    private static final Logger log = LoggerFactory.getLogger(FirstRun.class);

    private final IdentitySettings settings;
    private final UserRepository users;
    private volatile boolean enabled;

    FirstRun(IdentitySettings settings, UserRepository users) {
        this.settings = settings;
        this.users = users;
        this.enabled = settings.firstAccountOperator();
    }

    /** Whether the rule applies: it is on and no {@code LEVQOR_ADMIN_EMAIL} names the operator. */
    public boolean applies() {
        return enabled && settings.adminEmail().isBlank();
    }

    /**
     * Switches the rule at run time. The shared test context has it off (most tests sign up a first account in an
     * empty database); the tests of the rule switch it on.
     */
    public void enable(boolean on) {
        this.enabled = on;
    }

    /** Called in the sign-up's transaction, after the user's row is inserted: promotes it if it is the first. */
    void signedUp(UserId user, String email) {
        if (applies() && users.promoteIfFirst(user)) {
            log.info("{} is the first account on this install: it is the platform operator", email);
        }
    }
}
