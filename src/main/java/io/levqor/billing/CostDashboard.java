package io.levqor.billing;

import io.levqor.billing.CostReport.FixedCost;
import io.levqor.billing.CostReport.ModelCost;
import io.levqor.billing.CostReport.Revenue;
import io.levqor.billing.CostReport.Row;
import io.levqor.billing.CostReport.TopWorkspace;
import io.levqor.billing.internal.CostSettings;
import io.levqor.billing.jdbc.CostRepository;
import io.levqor.billing.jdbc.CostRepository.LlmSum;
import io.levqor.billing.jdbc.CostRepository.PaymentSum;
import io.levqor.billing.jdbc.CostRepository.RefundSum;
import io.levqor.shared.ValidationFailed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The operator's cost dashboard: revenue (payments minus refunds, per currency), the providers' fees, LLM cost by
 * model, fixed costs and the margin, per UTC day or month, and the workspaces that cost the most. Read from billing's
 * tables only; see docs/billing.md ("Cost dashboard") for how each figure is counted.
 */
@Service
public class CostDashboard {

    /** Most days in one daily report. */
    public static final int MAX_DAYS = 366;

    /** Most months in one monthly report. */
    public static final int MAX_MONTHS = 60;

    static final int TOP_WORKSPACES = 10;

    private final CostRepository repository;
    private final CostSettings costs;
    private final Clock clock;

    CostDashboard(CostRepository repository, CostSettings costs, Clock clock) {
        this.repository = repository;
        this.costs = costs;
        this.clock = clock;
    }

    /**
     * The report; {@code period} {@code day} (default) or {@code month}, {@code from} / {@code to} ISO dates
     * (inclusive; by default the last 30 days or 12 months). Bad input is a {@link ValidationFailed} naming the field.
     */
    public CostReport report(@Nullable String period, @Nullable String from, @Nullable String to) {
        boolean monthly;
        if (period == null || period.isBlank() || period.equals("day")) {
            monthly = false;
        } else if (period.equals("month")) {
            monthly = true;
        } else {
            throw ValidationFailed.of("period", "must be day or month");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate end = date("to", to, today);
        LocalDate start = date("from", from, monthly ? end.withDayOfMonth(1).minusMonths(11) : end.minusDays(29));
        if (start.isAfter(end)) {
            throw ValidationFailed.of("to", "must not be before from (" + start + ")");
        }
        if (monthly) {
            start = start.withDayOfMonth(1);
            end = end.withDayOfMonth(end.lengthOfMonth());
            if (ChronoUnit.MONTHS.between(start, end) + 1 > MAX_MONTHS) {
                throw ValidationFailed.of("to", "a monthly report spans at most " + MAX_MONTHS + " months");
            }
        } else if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw ValidationFailed.of("to", "a daily report spans at most " + MAX_DAYS + " days");
        }
        return build(monthly, start, end);
    }

    private static LocalDate date(String field, @Nullable String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            LocalDate date = LocalDate.parse(value.strip());
            if (date.getYear() < 2000 || date.getYear() > 9000) {
                throw ValidationFailed.of(field, "must be a date between the years 2000 and 9000");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw ValidationFailed.of(field, "must be an ISO date such as 2026-12-01");
        }
    }

    private CostReport build(boolean monthly, LocalDate start, LocalDate end) {
        String unit = monthly ? "month" : "day";
        Instant from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<LocalDate, List<PaymentSum>> payments = new TreeMap<>();
        for (PaymentSum sum : repository.paymentsForOperator(unit, from, to)) {
            payments.computeIfAbsent(sum.bucket(), b -> new ArrayList<>()).add(sum);
        }
        Map<LocalDate, List<RefundSum>> refunds = new TreeMap<>();
        for (RefundSum sum : repository.refundsForOperator(unit, from, to)) {
            refunds.computeIfAbsent(sum.bucket(), b -> new ArrayList<>()).add(sum);
        }
        Map<LocalDate, List<LlmSum>> llm = new TreeMap<>();
        for (LlmSum sum : repository.llmForOperator(unit, from, to)) {
            llm.computeIfAbsent(sum.bucket(), b -> new ArrayList<>()).add(sum);
        }
        List<Row> rows = new ArrayList<>();
        for (LocalDate bucket = start;
                !bucket.isAfter(end);
                bucket = monthly ? bucket.plusMonths(1) : bucket.plusDays(1)) {
            LocalDate last = monthly ? bucket.withDayOfMonth(bucket.lengthOfMonth()) : bucket;
            rows.add(row(
                    bucket,
                    last,
                    monthly,
                    payments.getOrDefault(bucket, List.of()),
                    refunds.getOrDefault(bucket, List.of()),
                    llm.getOrDefault(bucket, List.of())));
        }
        List<TopWorkspace> top = repository.topWorkspacesForOperator(from, to, TOP_WORKSPACES).stream()
                .map(w -> new TopWorkspace(
                        w.workspace().value(),
                        CostSettings.decimal(w.costMicros()),
                        w.promptTokens(),
                        w.completionTokens(),
                        w.runs()))
                .toList();
        return new CostReport(unit, start, end, costs.currency(), rows, top);
    }

    private Row row(
            LocalDate bucket,
            LocalDate last,
            boolean monthly,
            List<PaymentSum> payments,
            List<RefundSum> refunds,
            List<LlmSum> llm) {
        TreeSet<String> currencies = new TreeSet<>();
        payments.forEach(p -> currencies.add(p.currency()));
        refunds.forEach(r -> currencies.add(r.currency()));
        List<Revenue> revenue = new ArrayList<>();
        long marginMicros = 0;
        for (String currency : currencies) {
            long paid = 0;
            long fees = 0;
            long count = 0;
            for (PaymentSum p : payments) {
                if (p.currency().equals(currency)) {
                    paid += p.amount();
                    fees += p.fees();
                    count += p.count();
                }
            }
            long refunded = refunds.stream()
                    .filter(r -> r.currency().equals(currency))
                    .mapToLong(RefundSum::amount)
                    .sum();
            int digits = digits(currency);
            revenue.add(new Revenue(
                    currency,
                    count,
                    BigDecimal.valueOf(paid, digits),
                    BigDecimal.valueOf(refunded, digits),
                    BigDecimal.valueOf(paid - refunded, digits),
                    BigDecimal.valueOf(fees, digits)));
            if (currency.equals(costs.currency())) {
                marginMicros += toMicros(paid - refunded - fees, digits);
            }
        }
        List<ModelCost> models = new ArrayList<>();
        long llmMicros = 0;
        for (LlmSum sum : llm) {
            models.add(new ModelCost(
                    sum.model(), CostSettings.decimal(sum.costMicros()), sum.promptTokens(), sum.completionTokens()));
            llmMicros += sum.costMicros();
        }
        List<FixedCost> fixed = new ArrayList<>();
        long fixedMicros = 0;
        for (CostSettings.FixedCost cost : costs.fixed()) {
            long micros = 0;
            if (monthly && cost.per() == CostSettings.Per.MONTH) {
                micros = CostSettings.micros(cost.amount(), cost.name()); // a whole month: the amount, not its splits
            } else {
                for (LocalDate day = bucket; !day.isAfter(last); day = day.plusDays(1)) {
                    micros += cost.microsOn(day);
                }
            }
            fixed.add(new FixedCost(cost.name(), CostSettings.decimal(micros)));
            fixedMicros += micros;
        }
        marginMicros -= llmMicros + fixedMicros;
        return new Row(
                bucket,
                revenue,
                models,
                CostSettings.decimal(llmMicros),
                fixed,
                CostSettings.decimal(fixedMicros),
                CostSettings.decimal(marginMicros));
    }

    private static int digits(String currency) {
        try {
            return Math.max(
                    0, Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    private static long toMicros(long minor, int digits) {
        return Math.multiplyExact(
                minor, BigDecimal.TEN.pow(Math.max(0, 6 - digits)).longValueExact());
    }

    /** The report as CSV: one line per figure (period, line, detail, currency, amount), header first. */
    public static String csv(CostReport report) {
        StringBuilder out = new StringBuilder("period,line,detail,currency,amount\r\n");
        for (Row row : report.rows()) {
            String period = row.start().toString();
            for (Revenue r : row.revenue()) {
                line(out, period, "payments", "", r.currency(), r.payments());
                line(out, period, "refunds", "", r.currency(), r.refunds());
                line(out, period, "net_revenue", "", r.currency(), r.net());
                line(out, period, "payment_fees", "", r.currency(), r.fees());
            }
            for (ModelCost m : row.llmCost()) {
                line(out, period, "llm_cost", m.model(), report.currency(), m.cost());
            }
            for (FixedCost f : row.fixedCosts()) {
                line(out, period, "fixed_cost", f.name(), report.currency(), f.amount());
            }
            line(out, period, "margin", "", report.currency(), row.margin());
        }
        String range = report.from() + "/" + report.to();
        for (TopWorkspace w : report.topWorkspaces()) {
            line(out, range, "workspace_llm_cost", w.workspaceId().toString(), report.currency(), w.llmCost());
        }
        return out.toString();
    }

    private static void line(
            StringBuilder out, String period, String line, String detail, String currency, BigDecimal amount) {
        out.append(period)
                .append(',')
                .append(line)
                .append(',')
                .append(field(detail))
                .append(',')
                .append(currency)
                .append(',')
                .append(amount.toPlainString())
                .append("\r\n");
    }

    /**
     * RFC 4180 quoting; a text that a spreadsheet would run as a formula (a model name comes from an LLM server the
     * workspace chose) gets a leading apostrophe.
     */
    static String field(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",")
                || text.contains("\"")
                || text.contains("\n")
                || text.contains("\r")
                || !text.equals(value)) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
