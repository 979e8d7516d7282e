package io.levqor.billing.internal;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Ends the grace period of past-due subscriptions: they expire and their workspaces fall back to free. */
@Component
public class GracePeriods {

    private static final Logger log = LoggerFactory.getLogger(GracePeriods.class);
    private static final int BATCH = 100;

    private final SubscriptionLifecycle lifecycle;
    private final Clock clock;

    public GracePeriods(SubscriptionLifecycle lifecycle, Clock clock) {
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** Expires what is overdue now; returns how many. Any node may run it (rows are claimed SKIP LOCKED). */
    @Scheduled(fixedDelayString = "${levqor.billing.grace-sweep-interval:PT1M}", initialDelayString = "PT1M")
    public int expireOverdue() {
        int total = 0;
        int expired;
        do {
            expired = lifecycle.expireOverdue(clock.instant(), BATCH);
            total += expired;
        } while (expired == BATCH);
        if (total > 0) {
            log.info("{} past-due subscription(s) reached the end of their grace period and expired", total);
        }
        return total;
    }
}
