package io.levqor.ops.status;

import io.levqor.ops.Incident;
import io.levqor.ops.status.jdbc.IncidentRepository;
import io.levqor.ops.status.jdbc.ProbeRepository;
import io.levqor.shared.PlatformName;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the status page shows: each component's state (measured, then made worse by the open incidents that name it),
 * its 90-day uptime bars, the open incidents and those resolved lately. A node reuses its figures for
 * {@link StatusSettings#cacheTtl()} so a busy public page costs the database a few reads every few seconds; an incident
 * change on this node shows at once.
 */
@Component
public class StatusBoard {

    private static final Logger log = LoggerFactory.getLogger(StatusBoard.class);
    static final int MAX_INCIDENTS = 50;
    private static final Map<String, String> NAMES = Map.of(
            "api", "API",
            "webhooks", "Webhooks",
            "workers", "Workers",
            "scheduler", "Scheduler",
            "database", "Database");

    /**
     * One component on the page.
     *
     * @param state after incidents; {@code measured} before them
     */
    public record ComponentView(
            String id,
            String name,
            String state,
            String measured,
            @Nullable Double uptimePercent,
            List<Uptime.Day> days) {}

    /**
     * The page.
     *
     * @param state the worst component's state
     * @param active the open incidents, newest first
     * @param past the incidents resolved within {@link StatusSettings#incidentHistory()}, newest first
     */
    public record StatusView(
            String name,
            String state,
            Instant updatedAt,
            List<ComponentView> components,
            List<Incident> active,
            List<Incident> past) {}

    private record Cached(StatusView view, long at) {}

    private final PlatformName platform;
    private final ComponentHealth health;
    private final IncidentRepository incidents;
    private final ProbeRepository probes;
    private final StatusSettings settings;
    private final Clock clock;
    private final AtomicReference<@Nullable Cached> cached = new AtomicReference<>();

    StatusBoard(
            PlatformName platform,
            ComponentHealth health,
            IncidentRepository incidents,
            ProbeRepository probes,
            StatusSettings settings,
            Clock clock) {
        this.platform = platform;
        this.health = health;
        this.incidents = incidents;
        this.probes = probes;
        this.settings = settings;
        this.clock = clock;
    }

    /** The page as of at most {@link StatusSettings#cacheTtl()} ago. */
    public StatusView view() {
        Cached current = cached.get();
        long now = System.nanoTime();
        if (current != null && now - current.at() < settings.cacheTtl().toNanos()) {
            return current.view();
        }
        StatusView view = build();
        cached.set(new Cached(view, now));
        return view;
    }

    /** Drops this node's cached page (an incident changed, a probe was recorded). */
    public void forget() {
        cached.set(null);
    }

    /** Each component's state now, incidents applied: what a minute probe records. */
    public Map<String, ComponentState> effectiveStates() {
        return effective(health.measure(), openIncidents());
    }

    /** The measured states made worse by each open incident that names the component (never better). */
    static Map<String, ComponentState> effective(Map<String, ComponentState> measured, List<Incident> open) {
        Map<String, ComponentState> states = new LinkedHashMap<>(measured);
        for (Incident incident : open) {
            ComponentState impact = ComponentState.ofImpact(incident.impact());
            for (String component : incident.components()) {
                states.computeIfPresent(component, (c, state) -> state.worst(impact));
            }
        }
        return states;
    }

    private List<Incident> openIncidents() {
        try {
            return incidents.list(true, MAX_INCIDENTS);
        } catch (RuntimeException e) {
            log.debug("The status page could not read the open incidents", e);
            return List.of();
        }
    }

    private StatusView build() {
        Instant now = clock.instant();
        Map<String, ComponentState> measured = health.measure();
        List<Incident> recent;
        List<ProbeRepository.DayRow> days;
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        try {
            recent = incidents.openOrResolvedSince(now.minus(settings.incidentHistory()), MAX_INCIDENTS);
            days = probes.days(today.minusDays(Uptime.DAYS - 1));
        } catch (RuntimeException e) {
            // The database is out of reach: the page still says so, without its history.
            log.debug("The status page could not read incidents or probes", e);
            recent = List.of();
            days = List.of();
        }
        List<Incident> active = recent.stream().filter(Incident::open).toList();
        List<Incident> past = recent.stream().filter(i -> !i.open()).toList();
        Map<String, ComponentState> states = effective(measured, active);
        List<ComponentView> components = new ArrayList<>();
        ComponentState overall = ComponentState.OPERATIONAL;
        for (String id : Incident.COMPONENTS) {
            ComponentState state = states.getOrDefault(id, ComponentState.OPERATIONAL);
            overall = overall.worst(state);
            Uptime.Bars bars = Uptime.of(id, today, days);
            components.add(new ComponentView(
                    id,
                    NAMES.get(id),
                    state.apiName(),
                    measured.getOrDefault(id, ComponentState.OPERATIONAL).apiName(),
                    bars.percent(),
                    bars.days()));
        }
        return new StatusView(platform.name(), overall.apiName(), now, components, active, past);
    }
}
