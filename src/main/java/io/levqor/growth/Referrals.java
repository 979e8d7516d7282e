package io.levqor.growth;

import io.levqor.growth.internal.ReferralCodes;
import io.levqor.growth.internal.ReferralDecisions;
import io.levqor.growth.internal.ReferralPolicy;
import io.levqor.growth.jdbc.ReferralCodeRepository.CodeRow;
import io.levqor.growth.jdbc.ReferralRepository;
import io.levqor.growth.jdbc.SightingRepository;
import io.levqor.identity.Member;
import io.levqor.identity.WorkspaceMembership;
import io.levqor.shared.Caller;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.ProblemException;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Referrals: a user's code, link and counts; the operator's review of the referrals the fraud rules held. */
@Service
public class Referrals {

    /** Largest page of the operator's list. */
    public static final int MAX_PAGE = 100;

    private static final Set<String> STATUSES = Set.of("pending", "rewarded", "flagged", "rejected");
    private static final UUID LAST = new UUID(-1L, -1L);

    private final ReferralCodes codes;
    private final ReferralRepository referrals;
    private final SightingRepository sightings;
    private final ReferralDecisions decisions;
    private final WorkspaceMembership membership;
    private final PlatformSettings platform;
    private final ReferralPolicy policy;
    private final Clock clock;

    public Referrals(
            ReferralCodes codes,
            ReferralRepository referrals,
            SightingRepository sightings,
            ReferralDecisions decisions,
            WorkspaceMembership membership,
            PlatformSettings platform,
            ReferralPolicy policy,
            Clock clock) {
        this.codes = codes;
        this.referrals = referrals;
        this.sightings = sightings;
        this.decisions = decisions;
        this.membership = membership;
        this.platform = platform;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * The caller's code in their workspace (made on first use) with its link and counts; {@code ip}, the address the
     * caller asks from, is remembered for the same-address rule (someone fetching their link is about to share it).
     */
    @Transactional
    public ReferralSummary summary(Caller caller, @Nullable String ip) {
        UserId user = caller.user();
        if (user == null) {
            throw ProblemException.forbidden("Referral codes belong to users; call with a user's access token");
        }
        Instant now = clock.instant();
        String email = membership.members(caller).stream()
                .filter(member -> member.userId().equals(user))
                .map(Member::email)
                .findFirst()
                .orElse(null);
        CodeRow code = codes.ensure(caller.workspace(), user, email, now);
        if (ip != null) {
            sightings.record(user, ip, now);
        }
        ReferralRepository.Counts counts = referrals.counts(caller.workspace(), user);
        return new ReferralSummary(
                code.code(),
                platform.url("/signup?ref=" + code.code()),
                counts.invited(),
                counts.rewarded(),
                counts.pending(),
                counts.flagged());
    }

    /** What a referral pays now: the settings in force, so a page explaining the reward says what is granted. */
    public ReferralTerms terms() {
        var settings = policy.guard().settings();
        return new ReferralTerms(settings.rewardCredits(), settings.newAccountCredits());
    }

    /** The operator's list of referrals in one status, newest first. */
    @Transactional(readOnly = true)
    public ReferralPage list(String status, @Nullable String cursor, int limit) {
        if (!STATUSES.contains(status)) {
            throw ValidationFailed.of("status", "must be one of pending, rewarded, flagged, rejected");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw ValidationFailed.of("limit", "must be between 1 and " + MAX_PAGE);
        }
        UUID before = cursor == null || cursor.isBlank() ? LAST : decode(cursor);
        List<ReferralView> page = referrals.page(status, before, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = encode(page.getLast().id());
        }
        return new ReferralPage(List.copyOf(page), next);
    }

    /** The operator approves a flagged referral: the reward is granted now, once; a second decision is a 409. */
    @Transactional
    public ReferralView approve(UUID id, UserId operator) {
        decisions.approve(id, operator);
        return viewOf(id);
    }

    /** The operator rejects a flagged referral: never rewarded; a second decision is a 409. */
    @Transactional
    public ReferralView reject(UUID id, UserId operator) {
        decisions.reject(id, operator);
        return viewOf(id);
    }

    private ReferralView viewOf(UUID id) {
        return referrals.view(id);
    }

    private static String encode(UUID id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("r" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static UUID decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("r")) {
                throw new IllegalArgumentException(raw);
            }
            return UUID.fromString(raw.substring(1));
        } catch (IllegalArgumentException e) {
            throw ValidationFailed.of("cursor", "is not a cursor this API returned");
        }
    }
}
