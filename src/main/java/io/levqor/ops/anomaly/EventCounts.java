package io.levqor.ops.anomaly;

import io.levqor.billing.PaymentSucceeded;
import io.levqor.identity.UserSignedUp;
import io.levqor.ops.series.MinuteCounters;
import io.levqor.ops.series.Series;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Counts signups and payments into their series, in memory (flushed with the rest). An event delivered twice (after a
 * crash) counts twice: a rare one-off that cannot move a 3 σ band.
 */
@Component
class EventCounts {

    private final MinuteCounters counters;

    EventCounts(MinuteCounters counters) {
        this.counters = counters;
    }

    @ApplicationModuleListener
    void on(UserSignedUp event) {
        counters.increment(Series.SIGNUPS);
    }

    @ApplicationModuleListener
    void on(PaymentSucceeded event) {
        counters.increment(Series.PAYMENTS);
    }
}
