package io.levqor.ops.series;

import java.util.List;

/** The names of the per-minute series the watchdogs keep. */
public final class Series {

    /** Answers of the API ({@code /api/**}) and webhooks ({@code /hooks/**}). */
    public static final String HTTP_REQUESTS = "http-requests";
    /** Those answers with a 5xx status. */
    public static final String HTTP_5XX = "http-5xx";
    /** Those answers that took the latency SLO's threshold or longer. */
    public static final String HTTP_SLOW = "http-slow";
    /** Runs created (copied from the runs table). */
    public static final String RUNS_STARTED = "runs-started";
    /** Runs created in the minute that have failed (copied from the runs table). */
    public static final String RUNS_FAILED = "runs-failed";
    /** Users who signed up. */
    public static final String SIGNUPS = "signups";
    /** Payments recorded. */
    public static final String PAYMENTS = "payments";

    /** The series anomaly detection watches, in the order pages list them. */
    public static final List<String> WATCHED = List.of(RUNS_STARTED, RUNS_FAILED, SIGNUPS, PAYMENTS, HTTP_5XX);

    private Series() {}
}
