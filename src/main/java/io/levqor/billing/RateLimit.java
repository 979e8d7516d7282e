package io.levqor.billing;

import java.time.Duration;

/** So many API requests per window; what identity's rate limiter applies to a workspace on a plan. */
public record RateLimit(int requests, Duration per) {}
