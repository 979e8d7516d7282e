package io.levqor.ops.status;

import io.levqor.engine.EngineHealth;
import io.levqor.ops.Incident;
import io.levqor.shared.DatabaseAvailability;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Measures each component's state from health checks and recent metrics, before incidents: the database from its
 * availability check, workers from the oldest due job's wait, the scheduler from the most overdue cron schedule, the API
 * and webhooks from the 5xx share of this node's recent answers. Every component needs the database, so while it is
 * out of reach they are all outages.
 */
@Component
public class ComponentHealth {

    private static final Logger log = LoggerFactory.getLogger(ComponentHealth.class);

    private final DatabaseAvailability database;
    private final EngineHealth engine;
    private final RecentAnswers answers;
    private final StatusSettings settings;

    ComponentHealth(
            DatabaseAvailability database, EngineHealth engine, RecentAnswers answers, StatusSettings settings) {
        this.database = database;
        this.engine = engine;
        this.answers = answers;
        this.settings = settings;
    }

    /** Each component of {@link Incident#COMPONENTS} with its measured state, in that order. */
    public Map<String, ComponentState> measure() {
        EngineHealth.Reading reading = null;
        if (database.available()) {
            try {
                reading = engine.read();
            } catch (RuntimeException e) {
                // Reachable a moment ago, not now: the availability check hears of it and looks again at once.
                database.suspect();
                log.debug("The status page could not read the engine's health", e);
            }
        }
        Map<String, ComponentState> states = new LinkedHashMap<>();
        if (reading == null) {
            Incident.COMPONENTS.forEach(c -> states.put(c, ComponentState.OUTAGE));
            return states;
        }
        states.put("api", share(answers.share(RecentAnswers.Family.API, settings.window())));
        states.put("webhooks", share(answers.share(RecentAnswers.Family.WEBHOOKS, settings.window())));
        states.put(
                "workers", threshold(reading.queueOldestAge(), settings.queueAgeDegraded(), settings.queueAgeOutage()));
        states.put(
                "scheduler",
                threshold(reading.scheduleLag(), settings.scheduleLagDegraded(), settings.scheduleLagOutage()));
        states.put("database", ComponentState.OPERATIONAL);
        return states;
    }

    ComponentState share(RecentAnswers.Share share) {
        if (share.answers() < settings.minAnswers()) {
            return ComponentState.OPERATIONAL;
        }
        double errors = share.errorShare();
        if (errors >= settings.errorShareOutage()) {
            return ComponentState.OUTAGE;
        }
        return errors >= settings.errorShareDegraded() ? ComponentState.DEGRADED : ComponentState.OPERATIONAL;
    }

    static ComponentState threshold(Duration value, Duration degraded, Duration outage) {
        if (value.compareTo(outage) >= 0) {
            return ComponentState.OUTAGE;
        }
        return value.compareTo(degraded) >= 0 ? ComponentState.DEGRADED : ComponentState.OPERATIONAL;
    }
}
