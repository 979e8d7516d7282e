package io.levqor.growth.internal;

import io.levqor.growth.jdbc.ReferralRepository;
import io.levqor.growth.jdbc.SightingRepository;
import io.levqor.identity.RequestInfo;
import io.levqor.identity.UserSignedUp;
import io.levqor.shared.Ids;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records a signup for referrals: the new user's own code, where they signed up from, and the referral when they
 * named a code. Synchronous, in the signup's transaction and on its request thread, on purpose: the client address
 * is only known there, and the referral exists before any verification link can be clicked. It only inserts
 * (conflicts do nothing), so it cannot fail a signup on a replay.
 */
@Component
class ReferralSignups {

    private static final Logger log = LoggerFactory.getLogger(ReferralSignups.class);

    private final ReferralCodes codes;
    private final ReferralRepository referrals;
    private final SightingRepository sightings;
    private final Clock clock;

    ReferralSignups(ReferralCodes codes, ReferralRepository referrals, SightingRepository sightings, Clock clock) {
        this.codes = codes;
        this.referrals = referrals;
        this.sightings = sightings;
        this.clock = clock;
    }

    @EventListener
    void on(UserSignedUp signedUp) {
        Instant now = clock.instant();
        String ip = RequestInfo.current().ip();
        codes.ensure(signedUp.workspace(), signedUp.user(), signedUp.email(), now);
        if (ip != null) {
            sightings.record(signedUp.user(), ip, now);
        }
        String named = signedUp.referralCode();
        if (named == null || named.isBlank()) {
            return;
        }
        codes.find(named)
                .filter(code -> !code.user().equals(signedUp.user()))
                .ifPresentOrElse(
                        code -> {
                            boolean recorded = referrals.insert(
                                    code.tenant(),
                                    Ids.newId(now.toEpochMilli()),
                                    code.user(),
                                    signedUp.user(),
                                    signedUp.workspace(),
                                    EmailCanonical.hash(signedUp.email()),
                                    EmailCanonical.domainOf(signedUp.email()),
                                    ip,
                                    now);
                            if (!recorded) {
                                log.info("User {} was referred before; no second referral", signedUp.user());
                            }
                        },
                        () -> log.debug("Signup of {} named an unknown referral code", signedUp.user()));
    }
}
