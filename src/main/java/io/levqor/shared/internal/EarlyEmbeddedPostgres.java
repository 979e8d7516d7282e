package io.levqor.shared.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the embedded PostgreSQL on its own thread as soon as the settings are read, so that it comes up while
 * Spring builds the context instead of before the database bean can go on (issue 22: start-up). The database
 * bean {@linkplain #claim claims} the server; a context that fails first stops it again.
 *
 * <p>Only where {@value #ENABLED} is true: {@code Levqor.main} sets it by default, so the packaged jar and
 * {@code spring-boot:run} get it, while tests (which point Levqor at their own database after the settings are
 * read) and the one-shot commands start nothing early.
 */
public final class EarlyEmbeddedPostgres implements ApplicationListener<SpringApplicationEvent> {

    /** Whether the embedded server starts early; false unless {@code Levqor.main} or the operator turns it on. */
    public static final String ENABLED = "levqor.database.embedded-early-start";

    private static final Logger log = LoggerFactory.getLogger(EarlyEmbeddedPostgres.class);

    // One process starts one Levqor; the event and the bean that claims its result meet here.
    private static final AtomicReference<@Nullable Start> pending = new AtomicReference<>();

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            begin(prepared.getEnvironment());
        } else if (event instanceof ApplicationFailedEvent) {
            abandon();
        }
    }

    /** Begins the start on a thread of its own when the settings ask for the embedded server early. */
    static void begin(ConfigurableEnvironment environment) {
        if (!environment.getProperty(ENABLED, Boolean.class, false)
                || !environment.getProperty("levqor.database.url", "").isBlank()) {
            return;
        }
        Binder binder = Binder.get(environment);
        Path dataDir = binder.bind("levqor.data-dir", Path.class).orElse(Path.of("data"));
        Duration timeout = binder.bind("levqor.database.embedded-startup-timeout", Duration.class)
                .orElse(Duration.ofSeconds(60));
        Map<String, String> config;
        try {
            config = DatabaseConfiguration.embeddedServerConfig(
                    environment.getProperty(DatabaseConfiguration.LOG_MIN_DURATION, ""));
        } catch (IllegalArgumentException e) {
            return; // the database bean reports the bad setting, as it always did
        }
        var server = new CompletableFuture<EmbeddedPostgresServer>();
        var start = new Start(dataDir.toAbsolutePath().normalize(), timeout, config, server);
        if (!pending.compareAndSet(null, start)) {
            return;
        }
        Thread.ofPlatform().name("levqor-db-start").daemon().start(() -> {
            try {
                server.complete(EmbeddedPostgresServer.start(dataDir, timeout, config));
            } catch (Throwable e) {
                server.completeExceptionally(e);
            }
        });
    }

    /**
     * The server started early for exactly these settings, waiting for it to accept connections; null when none was
     * started (the caller starts one itself). A start that failed throws what {@link EmbeddedPostgresServer#start}
     * threw.
     */
    static @Nullable EmbeddedPostgresServer claim(Path dataDir, Duration timeout, Map<String, String> config) {
        Start start = pending.getAndSet(null);
        if (start == null) {
            return null;
        }
        EmbeddedPostgresServer server = await(start.server());
        if (!start.matches(dataDir, timeout, config)) {
            // The settings changed after they were first read: this server is not the one asked for.
            log.info("The embedded PostgreSQL started early has other settings; starting it again");
            server.close();
            return null;
        }
        return server;
    }

    /** Stops a server nobody claimed: the context failed before its database bean was made. */
    static void abandon() {
        Start start = pending.getAndSet(null);
        if (start != null) {
            try {
                await(start.server()).close();
            } catch (RuntimeException | Error e) {
                log.debug("The embedded PostgreSQL started early never came up", e);
            }
        }
    }

    private static EmbeddedPostgresServer await(CompletableFuture<EmbeddedPostgresServer> server) {
        try {
            return server.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the embedded PostgreSQL started", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("The embedded PostgreSQL did not start", e.getCause());
        }
    }

    private record Start(
            Path dataDir,
            Duration timeout,
            Map<String, String> config,
            CompletableFuture<EmbeddedPostgresServer> server) {

        boolean matches(Path otherDir, Duration otherTimeout, Map<String, String> otherConfig) {
            return dataDir.equals(otherDir.toAbsolutePath().normalize())
                    && timeout.equals(otherTimeout)
                    && config.equals(otherConfig);
        }
    }
}
