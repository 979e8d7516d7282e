package io.levqor.billing.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's own costs, bound to {@code levqor.billing.costs.*}: the currency they are counted in (the LLM price
 * table's) and the fixed costs. Amounts are decimals in that currency, turned into millionths ("micros") once, here:
 * the limit check and the dashboard add longs.
 *
 * @param currency the platform currency: fixed costs, the daily cost limit, LLM prices and the dashboard's margin
 * @param fixed costs the platform pays whatever it runs (hosting, licences), per day or per month
 */
@ConfigurationProperties("levqor.billing.costs")
public record CostSettings(@DefaultValue("USD") String currency, List<FixedCost> fixed) {

    /** Micros per unit of the platform currency. */
    public static final long MICROS = 1_000_000L;

    public CostSettings {
        currency = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getCurrencyCode();
        fixed = fixed == null ? List.of() : List.copyOf(fixed);
    }

    /** How often a fixed cost is due. */
    public enum Per {
        DAY,
        MONTH
    }

    /**
     * One fixed cost.
     *
     * @param name shown on the dashboard and in its CSV
     * @param amount in the platform currency, per {@code per}
     */
    public record FixedCost(
            String name,
            BigDecimal amount,
            @DefaultValue("month") Per per) {

        public FixedCost {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("levqor.billing.costs.fixed[].name is required");
            }
            if (amount == null || amount.signum() < 0) {
                throw new IllegalArgumentException("levqor.billing.costs.fixed[" + name + "].amount must be >= 0");
            }
            micros(amount, "levqor.billing.costs.fixed[" + name + "].amount");
        }

        /**
         * Its share of one UTC day: a monthly cost is spread evenly over the month's days, rounded down to the micro
         * (a month's days add up to at most a few micros less than the monthly amount).
         */
        public long microsOn(LocalDate day) {
            long micros = micros(amount, name);
            return per == Per.DAY ? micros : micros / day.lengthOfMonth();
        }
    }

    /** Fixed costs of one UTC day, in micros. */
    public long fixedMicrosOn(LocalDate day) {
        long total = 0;
        for (FixedCost cost : fixed) {
            total = Math.addExact(total, cost.microsOn(day));
        }
        return total;
    }

    /** A decimal amount of the platform currency in micros; more than six decimals are refused. */
    public static long micros(BigDecimal amount, String what) {
        try {
            return amount.movePointRight(6)
                    .setScale(0, RoundingMode.UNNECESSARY)
                    .longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " has more than 6 decimals or is too large: " + amount, e);
        }
    }

    /** Micros as a decimal of the platform currency (six decimals). */
    public static BigDecimal decimal(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }
}
