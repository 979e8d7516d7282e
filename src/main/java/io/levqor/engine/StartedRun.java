package io.levqor.engine;

import java.util.UUID;

/** The answer to starting a run: its id and status (an existing run's when the idempotency key was seen). */
public record StartedRun(UUID runId, String status) {}
