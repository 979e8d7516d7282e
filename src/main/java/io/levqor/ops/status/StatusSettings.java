package io.levqor.ops.status;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The status page, bound to {@code levqor.ops.status.*} (docs/operations.md#status-page).
 *
 * @param probesEnabled false: no node records minute probes (tests call {@link StatusProbes#probe()})
 * @param retention how long probes and their daily roll-up are kept; the page shows 90 days
 * @param cacheTtl how long a node reuses the page's figures (a public page must not query on every hit)
 * @param window the recent traffic the 5xx share of API and webhook answers is taken over
 * @param minAnswers fewer answers than this in the window: the share is not judged (a quiet night's one 500)
 * @param errorShareDegraded a 5xx share from this on is degraded (0.05 = 5 %)
 * @param errorShareOutage a 5xx share from this on is an outage
 * @param queueAgeDegraded the oldest due job waiting this long makes workers degraded
 * @param queueAgeOutage the oldest due job waiting this long makes workers an outage
 * @param scheduleLagDegraded the most overdue cron schedule this late makes the scheduler degraded
 * @param scheduleLagOutage the most overdue cron schedule this late makes the scheduler an outage
 * @param incidentHistory how long a resolved incident stays on the page under "Past incidents"
 */
@ConfigurationProperties("levqor.ops.status")
public record StatusSettings(
        @DefaultValue("true") boolean probesEnabled,
        @DefaultValue("90d") Duration retention,
        @DefaultValue("15s") Duration cacheTtl,
        @DefaultValue("5m") Duration window,
        @DefaultValue("20") int minAnswers,
        @DefaultValue("0.05") double errorShareDegraded,
        @DefaultValue("0.5") double errorShareOutage,
        @DefaultValue("1m") Duration queueAgeDegraded,
        @DefaultValue("5m") Duration queueAgeOutage,
        @DefaultValue("2m") Duration scheduleLagDegraded,
        @DefaultValue("10m") Duration scheduleLagOutage,
        @DefaultValue("7d") Duration incidentHistory) {

    public StatusSettings {
        if (retention.compareTo(Duration.ofDays(90)) < 0) {
            throw new IllegalArgumentException(
                    "levqor.ops.status.retention must be at least 90d: the page shows 90 days");
        }
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("levqor.ops.status.window must be between 1m and 1h");
        }
        if (!(errorShareDegraded > 0 && errorShareDegraded <= errorShareOutage && errorShareOutage <= 1)) {
            throw new IllegalArgumentException(
                    "levqor.ops.status.error-share-degraded and error-share-outage must satisfy 0 < degraded <= outage <= 1");
        }
        if (queueAgeDegraded.compareTo(queueAgeOutage) > 0 || scheduleLagDegraded.compareTo(scheduleLagOutage) > 0) {
            throw new IllegalArgumentException(
                    "levqor.ops.status: each *-degraded threshold must not exceed its *-outage one");
        }
    }
}
