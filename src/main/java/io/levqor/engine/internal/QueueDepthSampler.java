package io.levqor.engine.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Remembers this node's view of the queue depth every {@link #EVERY_SECONDS} s for the last hour, in memory, for the
 * operator's chart. The queue keeps no history of its own; samples start when the node starts.
 */
@Component
public class QueueDepthSampler {

    static final int EVERY_SECONDS = 10;
    private static final int KEEP = 3600 / EVERY_SECONDS;

    /** Due jobs waiting at one moment. */
    public record Sample(Instant at, long depth) {}

    private final EngineMetrics metrics;
    private final Clock clock;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    // The metrics' reading, not a query of its own: with a deep backlog counting the queue is not free.
    QueueDepthSampler(EngineMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1S", fixedDelayString = "PT" + EVERY_SECONDS + "S")
    void sample() {
        record(new Sample(clock.instant(), metrics.queueStats().depth()));
    }

    synchronized void record(Sample sample) {
        samples.addLast(sample);
        while (samples.size() > KEEP) {
            samples.removeFirst();
        }
    }

    /** The samples of the last hour, oldest first; a sample is taken now when there is none yet. */
    public List<Sample> samples() {
        synchronized (this) {
            if (!samples.isEmpty()) {
                return List.copyOf(samples);
            }
        }
        sample();
        synchronized (this) {
            return List.copyOf(samples);
        }
    }
}
