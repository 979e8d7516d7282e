package io.levqor.growth.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The rounding rule of commissions: rate × amount in minor units, rounded half-even to a whole minor unit. */
public final class CommissionMath {

    private CommissionMath() {}

    /** {@code amount × rateBps / 10 000}, half-even (0.5 of a cent goes to the even cent). */
    public static long commission(long amount, int rateBps) {
        return BigDecimal.valueOf(amount)
                .multiply(BigDecimal.valueOf(rateBps))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }
}
