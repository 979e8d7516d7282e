package io.levqor.billing;

import io.levqor.billing.internal.CostSettings;
import io.levqor.billing.internal.PlatformLimitSettings;
import io.levqor.billing.jdbc.CostRepository;
import io.levqor.billing.jdbc.CostRepository.LimitOverride;
import io.levqor.identity.AuditTrail;
import io.levqor.shared.Caller;
import io.levqor.shared.ValidationFailed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The platform's daily cost limit in money: the LLM cost of the UTC day (billing_llm_usage, all workspaces) plus the
 * day's share of the configured fixed costs, against {@code levqor.billing.platform.daily-cost-limit} or the value
 * the operator set at runtime. Once reached, the engine asks {@link #refusal(String)} before every LLM step attempt
 * and fails the step with the message; other steps and runs go on. The answer comes from a snapshot each node keeps
 * for {@code levqor.billing.platform.refresh} (5 s): the check costs no query on the step path, and another node's
 * change or new LLM cost is seen within that time (a change made on this node is seen at once).
 */
@Service
public class PlatformSpendLimit {

    /** The step type the limit stops. */
    public static final String LLM_STEP = "llm";

    /** The {@code limit} name in messages, problems and alerts. */
    public static final String LIMIT = "platform-daily-cost";

    /** Largest limit accepted through the admin API, in the platform currency. */
    public static final BigDecimal MAX_DAILY_COST = new BigDecimal("1000000000");

    private record Snapshot(
            LocalDate day,
            Instant readAt,
            @Nullable Long limitMicros,
            @Nullable LimitOverride override,
            long llmMicros,
            long fixedMicros) {

        boolean reached() {
            return limitMicros != null && llmMicros + fixedMicros >= limitMicros;
        }
    }

    private final PlatformLimitSettings settings;
    private final CostSettings costs;
    private final CostRepository repository;
    private final AuditTrail audit;
    private final Clock clock;
    private volatile @Nullable Snapshot snapshot;

    PlatformSpendLimit(
            PlatformLimitSettings settings,
            CostSettings costs,
            CostRepository repository,
            AuditTrail audit,
            Clock clock) {
        this.settings = settings;
        this.costs = costs;
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Null when a step of this type may run; for an LLM step while the limit is reached, the failure to record: it
     * names the limit, today's costs and when LLM steps run again.
     */
    public @Nullable String refusal(String stepType) {
        if (!LLM_STEP.equals(stepType)) {
            return null;
        }
        Snapshot current = current();
        if (!current.reached()) {
            return null;
        }
        return "LLM steps are refused platform-wide: the platform's daily cost limit (" + LIMIT + ") of "
                + money(current.limitMicros()) + " is reached (" + money(current.llmMicros() + current.fixedMicros())
                + " spent today, UTC). They run again at " + resetsAt(current.day())
                + " (the next UTC day) or as soon as the operator raises the limit.";
    }

    /** The limit and today's costs, read now. */
    public PlatformSpendView view() {
        return view(read());
    }

    /**
     * The operator sets the limit, in the platform currency; null switches it off (until set again or reset to the
     * configured value). Audited; this node sees the change at once, the others within the refresh interval.
     */
    @Transactional
    public PlatformSpendView set(Caller operator, @Nullable BigDecimal dailyCostLimit) {
        Long micros = null;
        if (dailyCostLimit != null) {
            if (dailyCostLimit.signum() <= 0 || dailyCostLimit.compareTo(MAX_DAILY_COST) > 0) {
                throw ValidationFailed.of(
                        "dailyCostLimit",
                        "must be more than 0 and at most " + MAX_DAILY_COST.toPlainString() + " " + costs.currency()
                                + ", or null for no limit");
            }
            if (Math.max(0, dailyCostLimit.stripTrailingZeros().scale()) > 6) {
                throw ValidationFailed.of("dailyCostLimit", "must have at most 6 decimals");
            }
            micros = CostSettings.micros(dailyCostLimit, "dailyCostLimit");
        }
        Snapshot before = read();
        Instant now = clock.instant();
        repository.setPlatformLimit(micros, now, AuditTrail.actorOf(operator));
        audit.record(
                operator,
                "operator.platform-cost-limit-changed",
                "dailyCostLimit=" + describe(micros) + " previous=" + describe(before.limitMicros()));
        return view(refresh());
    }

    /** The operator returns the limit to the configured value. Audited. */
    @Transactional
    public PlatformSpendView reset(Caller operator) {
        Snapshot before = read();
        repository.clearPlatformLimit();
        audit.record(
                operator,
                "operator.platform-cost-limit-changed",
                "dailyCostLimit=configured(" + describe(settings.dailyCostLimitMicros()) + ") previous="
                        + describe(before.limitMicros()));
        return view(refresh());
    }

    /** Reads the limit and today's costs again on this node. */
    public PlatformSpendView refreshed() {
        return view(refresh());
    }

    private Snapshot refresh() {
        Snapshot fresh = read();
        snapshot = fresh;
        return fresh;
    }

    private Snapshot current() {
        Snapshot held = snapshot;
        Instant now = clock.instant();
        if (held == null
                || !held.day().equals(LocalDate.ofInstant(now, ZoneOffset.UTC))
                || !now.isBefore(held.readAt().plus(settings.refresh()))
                || now.isBefore(held.readAt())) {
            return refresh();
        }
        return held;
    }

    private Snapshot read() {
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Optional<LimitOverride> override = repository.platformLimit();
        Long limit = override.isPresent() ? override.get().micros() : settings.dailyCostLimitMicros();
        long llm = repository.llmCostMicrosForOperator(start, resetsAt(day));
        return new Snapshot(day, now, limit, override.orElse(null), llm, costs.fixedMicrosOn(day));
    }

    private PlatformSpendView view(Snapshot s) {
        LimitOverride override = s.override();
        return new PlatformSpendView(
                s.limitMicros() == null ? null : CostSettings.decimal(s.limitMicros()),
                costs.currency(),
                override != null ? "operator" : "configuration",
                CostSettings.decimal(s.llmMicros()),
                CostSettings.decimal(s.fixedMicros()),
                CostSettings.decimal(s.llmMicros() + s.fixedMicros()),
                s.reached(),
                resetsAt(s.day()),
                override == null ? null : override.updatedAt(),
                override == null ? null : override.updatedBy());
    }

    private static Instant resetsAt(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private String money(@Nullable Long micros) {
        return CostSettings.decimal(Objects.requireNonNull(micros))
                        .stripTrailingZeros()
                        .toPlainString() + " " + costs.currency();
    }

    private static String describe(@Nullable Long micros) {
        return micros == null
                ? "none"
                : CostSettings.decimal(micros).stripTrailingZeros().toPlainString();
    }
}
