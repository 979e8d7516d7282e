package io.levqor.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTests {

    @Test
    void addsAndSubtractsInMinorUnits() {
        assertThat(Money.of(1999, "USD").plus(Money.of(1, "USD"))).isEqualTo(Money.of(2000, "USD"));
        assertThat(Money.of(500, "INR").minus(Money.of(501, "INR"))).isEqualTo(Money.of(-1, "INR"));
    }

    @Test
    void takesAPercentageRoundingHalfUp() {
        assertThat(Money.of(999, "USD").percentage(2000)).isEqualTo(Money.of(200, "USD")); // 199.8 → 200
        assertThat(Money.of(2, "USD").percentage(2500)).isEqualTo(Money.of(1, "USD")); // 0.5 → 1
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> Money.of(1, "USD").plus(Money.of(1, "INR"))).hasMessageContaining("currency mismatch");
    }
}
