package io.levqor.billing.internal;

import io.levqor.billing.Credits;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.identity.UserSignedUp;
import io.levqor.identity.WorkspaceCreated;
import java.time.Clock;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Billing's reactions to identity: a new workspace gets the free plan's credits, and a signup's address becomes
 * the workspace's billing address until a provider tells us the payer's. Both are idempotent (events arrive at
 * least once).
 */
@Component
class IdentityReactions {

    private final Credits credits;
    private final LedgerPostings postings;
    private final AccountRepository accounts;
    private final Clock clock;

    IdentityReactions(Credits credits, LedgerPostings postings, AccountRepository accounts, Clock clock) {
        this.credits = credits;
        this.postings = postings;
        this.accounts = accounts;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(WorkspaceCreated created) {
        credits.grantSignupCredits(created.workspace());
    }

    @ApplicationModuleListener
    void on(UserSignedUp signedUp) {
        postings.ensureAccount(signedUp.workspace(), clock.instant());
        accounts.setBillingEmail(signedUp.workspace(), signedUp.email(), false, clock.instant());
    }
}
