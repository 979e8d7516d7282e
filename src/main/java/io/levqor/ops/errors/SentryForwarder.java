package io.levqor.ops.errors;

import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.SentryException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends unexpected errors to Sentry through the official Java SDK when a DSN is configured, tagged with the
 * {@code errorId} the client got. The SDK queues and sends in the background, so the request does not wait on it;
 * exception messages are redacted as the stored sample is, and no request data is attached.
 */
public final class SentryForwarder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentryForwarder.class);

    /** Whether this instance started the SDK (and so closes it). */
    private final boolean started;

    /** Starts the SDK for {@code dsn}; blank: does nothing (events still go to an SDK started otherwise). */
    public SentryForwarder(@Nullable String dsn, @Nullable String release) {
        this.started = dsn != null && !dsn.isBlank();
        if (!started) {
            return;
        }
        Sentry.init(options -> {
            options.setDsn(dsn);
            options.setRelease(release);
            options.setSendDefaultPii(false);
            // Levqor tracks what reaches its handlers; the SDK must not install handlers or send sessions of its own.
            options.setEnableUncaughtExceptionHandler(false);
            options.setEnableAutoSessionTracking(false);
            options.setSendClientReports(false);
            options.setAttachServerName(false);
            options.setBeforeSend((event, hint) -> redact(event));
        });
        log.info("Unexpected errors are also sent to Sentry");
    }

    /** Sends one unexpected error, its message redacted, tagged with its errorId, method and redacted path. */
    public void send(String errorId, Throwable error, String method, @Nullable String path) {
        if (!Sentry.isEnabled()) {
            return;
        }
        try {
            SentryEvent event = new SentryEvent(error);
            event.setLevel(SentryLevel.ERROR);
            event.setTag("errorId", errorId);
            event.setTag("http.method", method);
            if (path != null) {
                event.setTag("http.path", path);
            }
            Sentry.captureEvent(event);
        } catch (RuntimeException e) {
            log.warn("Error {} not sent to Sentry: {}", errorId, e.toString());
        }
    }

    private static SentryEvent redact(SentryEvent event) {
        if (event.getExceptions() != null) {
            for (SentryException exception : event.getExceptions()) {
                exception.setValue(ErrorRedaction.message(exception.getValue()));
            }
        }
        if (event.getMessage() != null) {
            event.getMessage()
                    .setFormatted(ErrorRedaction.message(event.getMessage().getFormatted()));
            event.getMessage()
                    .setMessage(ErrorRedaction.message(event.getMessage().getMessage()));
        }
        event.setRequest(null);
        event.setUser(null);
        return event;
    }

    @Override
    public void close() {
        if (started) {
            Sentry.close();
        }
    }
}
