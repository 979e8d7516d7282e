package io.levqor.shared;

import java.util.Currency;
import java.util.Objects;

/** An amount in the currency's minor units (cents, paise); never a floating-point number. */
public record Money(long amount, Currency currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(long amount, String currencyCode) {
        return new Money(amount, Currency.getInstance(currencyCode));
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amount, other.amount), currency);
    }

    /** The share in basis points (1/100 of a percent), rounded half up; 2000 bps is 20 %. */
    public Money percentage(int basisPoints) {
        long scaled = Math.multiplyExact(amount, basisPoints);
        long share = Math.floorDiv(scaled + 5_000, 10_000);
        return new Money(share, currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amount + " " + currency.getCurrencyCode();
    }
}
