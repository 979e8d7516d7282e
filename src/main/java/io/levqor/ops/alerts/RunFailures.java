package io.levqor.ops.alerts;

import io.levqor.engine.RunFailed;
import io.levqor.ops.alerts.jdbc.AlertRepository;
import java.time.Clock;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Counts failed runs for the failed-run rate rules (idempotent: a redelivered event is recorded once). */
@Component
class RunFailures {

    private final AlertRepository alerts;
    private final Clock clock;

    RunFailures(AlertRepository alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(RunFailed event) {
        alerts.recordFailure(event.workspace(), event.runId(), event.workflowId(), clock.instant());
    }
}
