package io.levqor.growth.internal;

import io.levqor.growth.jdbc.ReferralCodeRepository;
import io.levqor.growth.jdbc.ReferralRepository;
import io.levqor.identity.EmailVerified;
import io.levqor.identity.WorkspaceDeleted;
import java.time.Clock;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Growth's reactions to identity, idempotent since events come at least once: a verified address decides its
 * referral; a deleted workspace loses its codes and its open referrals.
 */
@Component
class ReferralReactions {

    private final ReferralDecisions decisions;
    private final ReferralCodeRepository codes;
    private final ReferralRepository referrals;
    private final Clock clock;

    ReferralReactions(
            ReferralDecisions decisions, ReferralCodeRepository codes, ReferralRepository referrals, Clock clock) {
        this.decisions = decisions;
        this.codes = codes;
        this.referrals = referrals;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(EmailVerified verified) {
        decisions.verified(verified.user());
    }

    @ApplicationModuleListener
    void on(WorkspaceDeleted deleted) {
        codes.deleteWorkspace(deleted.workspace());
        referrals.closeWorkspace(deleted.workspace(), clock.instant());
    }
}
