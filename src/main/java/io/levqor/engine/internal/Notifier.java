package io.levqor.engine.internal;

import io.levqor.engine.jdbc.QueueSignals;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Debounced NOTIFY: at most one per {@code notifyDebounce} from this node. A skipped one costs nothing under
 * load (busy workers claim again at once) and at worst one poll interval of latency when idle.
 */
@Component
class Notifier {

    private final QueueSignals signals;
    private final long debounceNanos;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

    Notifier(QueueSignals signals, EngineSettings settings) {
        this.signals = signals;
        this.debounceNanos = settings.notifyDebounce().toNanos();
    }

    /** Inside the transaction that made jobs due: the hint goes out when it commits. */
    void jobsDue() {
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous >= debounceNanos && last.compareAndSet(previous, now)) {
            signals.notifyJobsDue();
        }
    }
}
