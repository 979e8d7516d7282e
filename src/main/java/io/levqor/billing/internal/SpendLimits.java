package io.levqor.billing.internal;

import io.levqor.billing.SpendGuardView;
import io.levqor.billing.jdbc.AccountRepository.AccountRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Which daily credit limit applies to a workspace: the operator's cap (else the configured default, 0 = none) and
 * the owner's limit, the lower of the two winning. Days are UTC days: workspaces have no time zone.
 */
@Component
public class SpendLimits {

    private final SpendGuardSettings settings;

    public SpendLimits(SpendGuardSettings settings) {
        this.settings = settings;
    }

    public static LocalDate day(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    /** The limit that applies; null when the guard is off for this workspace. */
    public @Nullable Long effective(@Nullable AccountRow account) {
        Long cap = cap(account);
        Long owner = account == null ? null : account.dailyCreditLimit();
        if (cap == null) {
            return owner;
        }
        return owner == null ? cap : Math.min(cap, owner);
    }

    /** The operator's cap, else the configured default; null when neither applies. */
    public @Nullable Long cap(@Nullable AccountRow account) {
        if (account != null && account.dailyCreditCap() != null) {
            return account.dailyCreditCap();
        }
        return settings.defaultDailyCredits() > 0 ? settings.defaultDailyCredits() : null;
    }

    public SpendGuardView view(@Nullable AccountRow account, long spentToday, long runCost, Instant now) {
        Long limit = effective(account);
        String capSource = account != null && account.dailyCreditCap() != null
                ? "operator"
                : settings.defaultDailyCredits() > 0 ? "default" : null;
        return new SpendGuardView(
                limit,
                cap(account),
                capSource,
                account == null ? null : account.dailyCreditLimit(),
                spentToday,
                runCost,
                limit != null && spentToday + runCost > limit,
                day(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
