package io.levqor.billing.internal;

import io.levqor.billing.SpendGuardView;
import io.levqor.billing.jdbc.AccountRepository.AccountRow;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Which daily limits apply to a workspace, on credits and on LLM cost: the operator's cap (else the configured
 * default, 0 = none) and the owner's limit, the lower of the two winning. A workspace's day starts at midnight in
 * its time zone ({@code billing_account.time_zone}, UTC unless the owner set one).
 */
@Component
public class SpendLimits {

    private final SpendGuardSettings settings;

    public SpendLimits(SpendGuardSettings settings) {
        this.settings = settings;
    }

    /** The workspace's zone; UTC without an account (or for a zone this JVM no longer knows). */
    public static ZoneId zone(@Nullable AccountRow account) {
        return account == null ? ZoneOffset.UTC : zone(account.timeZone());
    }

    /** A stored zone name; UTC for one this JVM no longer knows. */
    public static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** The workspace's day at {@code now}. */
    public static LocalDate day(@Nullable AccountRow account, Instant now) {
        return LocalDate.ofInstant(now, zone(account));
    }

    /** When the workspace's day that holds {@code now} started. */
    public static Instant dayStart(@Nullable AccountRow account, Instant now) {
        ZoneId zone = zone(account);
        return LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
    }

    /** The next midnight in the workspace's zone: when the day's spending starts again from zero. */
    public static Instant resetsAt(@Nullable AccountRow account, Instant now) {
        ZoneId zone = zone(account);
        return LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The credit limit that applies; null when the guard is off for this workspace. */
    public @Nullable Long effective(@Nullable AccountRow account) {
        return lower(cap(account), account == null ? null : account.dailyCreditLimit());
    }

    /** The operator's credit cap, else the configured default; null when neither applies. */
    public @Nullable Long cap(@Nullable AccountRow account) {
        if (account != null && account.dailyCreditCap() != null) {
            return account.dailyCreditCap();
        }
        return settings.defaultDailyCredits() > 0 ? settings.defaultDailyCredits() : null;
    }

    /** The LLM-cost limit that applies (millionths); null when none does. */
    public @Nullable Long effectiveLlmCost(@Nullable AccountRow account) {
        return lower(llmCostCap(account), account == null ? null : account.dailyLlmCostLimit());
    }

    /** The operator's LLM-cost cap, else the configured default; null when neither applies. */
    public @Nullable Long llmCostCap(@Nullable AccountRow account) {
        if (account != null && account.dailyLlmCostCap() != null) {
            return account.dailyLlmCostCap();
        }
        return settings.defaultDailyLlmCostMicros() > 0 ? settings.defaultDailyLlmCostMicros() : null;
    }

    public SpendGuardView view(@Nullable AccountRow account, long spentToday, long runCost, Instant now) {
        return view(account, spentToday, runCost, 0, "USD", now);
    }

    public SpendGuardView view(
            @Nullable AccountRow account,
            long spentToday,
            long runCost,
            long llmCostToday,
            String currency,
            Instant now) {
        Long limit = effective(account);
        String capSource = account != null && account.dailyCreditCap() != null
                ? "operator"
                : settings.defaultDailyCredits() > 0 ? "default" : null;
        Long llmLimit = effectiveLlmCost(account);
        String llmCapSource = account != null && account.dailyLlmCostCap() != null
                ? "operator"
                : settings.defaultDailyLlmCostMicros() > 0 ? "default" : null;
        var llm = new SpendGuardView.LlmCost(
                llmLimit,
                llmCostCap(account),
                llmCapSource,
                account == null ? null : account.dailyLlmCostLimit(),
                llmCostToday,
                currency,
                llmLimit != null && llmCostToday >= llmLimit);
        return new SpendGuardView(
                limit,
                cap(account),
                capSource,
                account == null ? null : account.dailyCreditLimit(),
                spentToday,
                runCost,
                limit != null && spentToday + runCost > limit,
                resetsAt(account, now),
                zone(account).getId(),
                llm);
    }

    private static @Nullable Long lower(@Nullable Long cap, @Nullable Long owner) {
        if (cap == null) {
            return owner;
        }
        return owner == null ? cap : Math.min(cap, owner);
    }
}
