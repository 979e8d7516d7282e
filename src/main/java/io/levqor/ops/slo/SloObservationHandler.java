package io.levqor.ops.slo;

import io.levqor.ops.series.MinuteCounters;
import io.levqor.ops.series.Series;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * Counts every answer of the API and webhooks into the SLO series, in memory: hooked into the same observation that
 * measures {@code http.server.requests}, so async answers end when they are sent and an exception that escaped the
 * handlers counts as the 500 it becomes. The time comes from the injected clock (a test can make an answer slow).
 */
@Component
class SloObservationHandler implements ObservationHandler<ServerRequestObservationContext> {

    private static final String STARTED = SloObservationHandler.class.getName() + ".started";

    private final MinuteCounters counters;
    private final Clock clock;
    private final long thresholdMillis;

    SloObservationHandler(MinuteCounters counters, Clock clock, SloSettings settings) {
        this.counters = counters;
        this.clock = clock;
        this.thresholdMillis = settings.latencyThreshold().toMillis();
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ServerRequestObservationContext;
    }

    @Override
    public void onStart(ServerRequestObservationContext context) {
        context.put(STARTED, clock.millis());
    }

    @Override
    public void onStop(ServerRequestObservationContext context) {
        String path = context.getCarrier().getRequestURI();
        if (!(path.startsWith("/api/") || path.startsWith("/hooks/"))) {
            return;
        }
        Long started = context.get(STARTED);
        long now = clock.millis();
        HttpServletResponse response = context.getResponse();
        int status = response == null ? 500 : response.getStatus();
        counters.add(Series.HTTP_REQUESTS, now, 1);
        if (status >= 500) {
            counters.add(Series.HTTP_5XX, now, 1);
        }
        if (started != null && now - started >= thresholdMillis) {
            counters.add(Series.HTTP_SLOW, now, 1);
        }
    }
}
