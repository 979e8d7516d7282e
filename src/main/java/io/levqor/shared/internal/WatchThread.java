package io.levqor.shared.internal;

import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * A daemon thread that watches over the database for the whole life of the context: started before everything
 * else and stopped after it, so that it sees every other bean's start and stop.
 */
abstract class WatchThread implements SmartLifecycle {

    private final String name;
    private volatile boolean running;
    private volatile @Nullable Thread thread;

    WatchThread(String name) {
        this.name = name;
    }

    /** The thread's work: returns when {@link #running()} turns false. */
    protected abstract void watch();

    protected final boolean running() {
        return running;
    }

    /** Ends the thread's current pause at once. */
    protected final void wake() {
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name(name).start(this::watch);
    }

    @Override
    public void stop() {
        running = false;
        wake();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
