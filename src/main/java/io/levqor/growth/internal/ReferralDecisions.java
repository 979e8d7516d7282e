package io.levqor.growth.internal;

import io.levqor.billing.Credits;
import io.levqor.growth.ReferralFlagged;
import io.levqor.growth.ReferralRewarded;
import io.levqor.growth.jdbc.ReferralCodeRepository;
import io.levqor.growth.jdbc.ReferralCodeRepository.CodeRow;
import io.levqor.growth.jdbc.ReferralRepository;
import io.levqor.growth.jdbc.ReferralRepository.ReferralRow;
import io.levqor.growth.jdbc.SightingRepository;
import io.levqor.shared.ProblemException;
import io.levqor.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides referrals: at the referred account's verification (reward, hold or reject by the fraud rules) and at the
 * operator's review. Each decision locks the referral row and moves it only out of the status it expects, so a
 * replayed or concurrent event, or a second click, finds it decided and changes nothing; the credits go through
 * billing's ledger with the referral's id as the reference, which billing grants once.
 */
@Component
public class ReferralDecisions {

    private static final Logger log = LoggerFactory.getLogger(ReferralDecisions.class);

    /** Reference of the referrer's reward in the credit ledger. */
    public static String rewardReference(UUID referral) {
        return "referral:" + referral;
    }

    /** Reference of the new account's bonus in the credit ledger. */
    public static String bonusReference(UUID referral) {
        return "referral-bonus:" + referral;
    }

    private final ReferralRepository referrals;
    private final ReferralCodeRepository codes;
    private final SightingRepository sightings;
    private final ReferralPolicy policy;
    private final Credits credits;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ReferralDecisions(
            ReferralRepository referrals,
            ReferralCodeRepository codes,
            SightingRepository sightings,
            ReferralPolicy policy,
            Credits credits,
            ApplicationEventPublisher events,
            Clock clock) {
        this.referrals = referrals;
        this.codes = codes;
        this.sightings = sightings;
        this.policy = policy;
        this.credits = credits;
        this.events = events;
        this.clock = clock;
    }

    /** The referred user verified their address: reward, hold or reject their referral, if any, once. */
    @Transactional
    public void verified(UserId referred) {
        Optional<ReferralRow> found = referrals.lockByReferred(referred);
        if (found.isEmpty() || !found.get().status().equals("pending")) {
            return; // not referred, or decided by an earlier delivery of this event
        }
        ReferralRow referral = found.get();
        // One referrer's decisions one at a time: two referred users verifying together must not both fit the cap.
        codes.lock(referral.tenant(), referral.referrer());
        Instant now = clock.instant();
        FraudGuard guard = policy.guard();
        var verdict = guard.check(facts(referral, guard.settings(), now));
        if (verdict.isEmpty()) {
            reward(referral, now, now, null);
            return;
        }
        String rule = verdict.get().rule();
        if (verdict.get().action() == RuleAction.REJECT) {
            move(referral, "rejected", rule, now, now, null);
            log.info("Referral {} rejected by rule {}", referral.id(), rule);
            return;
        }
        move(referral, "flagged", rule, now, now, null);
        log.info("Referral {} held for review by rule {}", referral.id(), rule);
        events.publishEvent(new ReferralFlagged(
                referral.id(), referral.tenant(), referral.referrer(), referral.referred(), rule, now));
    }

    /** The operator approves a flagged referral: rewarded now, exactly once. */
    @Transactional
    public void approve(UUID id, UserId operator) {
        ReferralRow referral = flagged(id);
        reward(referral, clock.instant(), null, operator);
        log.info("Operator {} approved referral {}", operator, id);
    }

    /** The operator rejects a flagged referral: no reward, ever. */
    @Transactional
    public void reject(UUID id, UserId operator) {
        ReferralRow referral = flagged(id);
        move(referral, "rejected", null, clock.instant(), null, operator);
        log.info("Operator {} rejected referral {}", operator, id);
    }

    private ReferralRow flagged(UUID id) {
        ReferralRow referral = referrals.lockById(id).orElseThrow(() -> ProblemException.notFound("Referral", id));
        if (!referral.status().equals("flagged")) {
            throw ProblemException.conflict(
                    "Referral " + id + " is " + referral.status() + "; only a flagged referral can be decided, once");
        }
        return referral;
    }

    private FraudGuard.Facts facts(ReferralRow referral, ReferralSettings settings, Instant now) {
        Optional<CodeRow> code = codes.find(referral.tenant(), referral.referrer());
        boolean own = code.map(CodeRow::emailHash)
                .map(hash -> Arrays.equals(hash, referral.referredEmailHash()))
                .orElse(false);
        boolean sameAddress = referral.signupIp() != null
                && sightings.seenSince(
                        referral.referrer(),
                        referral.signupIp(),
                        referral.createdAt().minus(settings.sameAddressWindow()));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant dayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant monthStart =
                today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new FraudGuard.Facts(
                referral.referredDomain(),
                own,
                sameAddress,
                referrals.rewardsSince(referral.tenant(), referral.referrer(), dayStart),
                referrals.rewardsSince(referral.tenant(), referral.referrer(), monthStart));
    }

    private void reward(
            ReferralRow referral,
            Instant now,
            @org.jspecify.annotations.Nullable Instant verifiedAt,
            @org.jspecify.annotations.Nullable UserId operator) {
        ReferralSettings settings = policy.guard().settings();
        move(referral, "rewarded", null, now, verifiedAt, operator);
        long reward = settings.rewardCredits();
        long bonus = settings.newAccountCredits();
        // Billing grants once per reference: even if this transaction were replayed, the ledger holds one line.
        // A grant opens the workspace's account when it has none, and the free plan's signup credits go only to an
        // account the signup opens; so they are made sure of first, in case billing's own reaction is still queued.
        if (reward > 0) {
            credits.grantSignupCredits(referral.tenant());
            credits.grant(referral.tenant(), reward, rewardReference(referral.id()));
        }
        if (bonus > 0) {
            credits.grantSignupCredits(referral.referredWorkspace());
            credits.grant(referral.referredWorkspace(), bonus, bonusReference(referral.id()));
        }
        events.publishEvent(new ReferralRewarded(
                referral.id(),
                referral.tenant(),
                referral.referrer(),
                referral.referred(),
                referral.referredWorkspace(),
                reward,
                bonus,
                now));
    }

    private void move(
            ReferralRow referral,
            String to,
            @org.jspecify.annotations.Nullable String rule,
            Instant now,
            @org.jspecify.annotations.Nullable Instant verifiedAt,
            @org.jspecify.annotations.Nullable UserId operator) {
        // The row is locked and its status was read under the lock, so the move cannot miss; if it does, roll back.
        if (!referrals.move(referral.tenant(), referral.id(), referral.status(), to, rule, now, verifiedAt, operator)) {
            throw new IllegalStateException("referral " + referral.id() + " left " + referral.status() + " under lock");
        }
    }
}
