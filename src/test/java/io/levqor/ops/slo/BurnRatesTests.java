package io.levqor.ops.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BurnRatesTests {

    static final Duration MONTH = Duration.ofDays(30);

    @Test
    void theConditionsAreTheWorkbooksTableForAThirtyDayWindow() {
        // The SRE workbook, "Alerting on SLOs", recommended parameters: budget consumed, long window, burn rate.
        assertThat(BurnRates.burnRateFor(0.02, Duration.ofHours(1), MONTH)).isCloseTo(14.4, within(1e-9));
        assertThat(BurnRates.burnRateFor(0.05, Duration.ofHours(6), MONTH)).isCloseTo(6, within(1e-9));
        assertThat(BurnRates.burnRateFor(0.10, Duration.ofDays(3), MONTH)).isCloseTo(1, within(1e-9));

        assertThat(BurnRates.budgetConsumed(14.4, Duration.ofHours(1), MONTH)).isCloseTo(0.02, within(1e-9));
        assertThat(BurnRates.budgetConsumed(6, Duration.ofHours(6), MONTH)).isCloseTo(0.05, within(1e-9));
        assertThat(BurnRates.budgetConsumed(1, Duration.ofDays(3), MONTH)).isCloseTo(0.10, within(1e-9));

        assertThat(BurnRates.CONDITIONS)
                .extracting(
                        BurnRates.Condition::urgency,
                        BurnRates.Condition::severity,
                        BurnRates.Condition::longWindow,
                        BurnRates.Condition::shortWindow,
                        BurnRates.Condition::factor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "page", "critical", Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
                        org.assertj.core.groups.Tuple.tuple(
                                "page", "critical", Duration.ofHours(6), Duration.ofMinutes(30), 6.0),
                        org.assertj.core.groups.Tuple.tuple(
                                "ticket", "warning", Duration.ofDays(3), Duration.ofHours(6), 1.0));
        // Each condition's factor spends exactly the workbook's share of the budget in its long window.
        double[] shares = {0.02, 0.05, 0.10};
        for (int i = 0; i < shares.length; i++) {
            BurnRates.Condition condition = BurnRates.CONDITIONS.get(i);
            assertThat(BurnRates.budgetConsumed(condition.factor(), condition.longWindow(), MONTH))
                    .isCloseTo(shares[i], within(1e-9));
        }
    }

    @Test
    void aBurnRateIsTheErrorRateOverTheBudget() {
        // 99.9 %: a budget of 0.1 % bad answers; 1.44 % bad burns it 14.4 times too fast.
        assertThat(BurnRates.burnRate(144, 10_000, 0.999)).isCloseTo(14.4, within(1e-9));
        assertThat(BurnRates.burnRate(10, 10_000, 0.999)).isCloseTo(1, within(1e-9));
        assertThat(BurnRates.burnRate(0, 10_000, 0.999)).isZero();
        assertThat(BurnRates.burnRate(0, 0, 0.999)).isZero();
        // 95 % under the latency threshold: 30 % slow is a burn rate of 6.
        assertThat(BurnRates.burnRate(30, 100, 0.95)).isCloseTo(6, within(1e-9));
    }

    @Test
    void windowsHaveShortLabels() {
        assertThat(BurnRates.WINDOWS.stream().map(BurnRates::label)).containsExactly("5m", "30m", "1h", "6h", "3d");
        assertThat(BurnRates.label(MONTH)).isEqualTo("30d");
    }
}
