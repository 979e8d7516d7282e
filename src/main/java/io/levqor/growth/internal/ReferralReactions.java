package io.levqor.growth.internal;

import io.levqor.identity.EmailVerified;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Growth's reaction to identity: a verified address decides its referral (idempotent: events come at least once). */
@Component
class ReferralReactions {

    private final ReferralDecisions decisions;

    ReferralReactions(ReferralDecisions decisions) {
        this.decisions = decisions;
    }

    @ApplicationModuleListener
    void on(EmailVerified verified) {
        decisions.verified(verified.user());
    }
}
