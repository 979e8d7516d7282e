package io.levqor.mail.internal;

import io.levqor.mail.jdbc.MailOutbox;
import io.levqor.mail.jdbc.MailOutbox.Outgoing;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Delivers pending messages: a virtual thread woken after each commit that stored mail, and by a poll as the
 * fallback (other nodes' messages, retries). Claims use SKIP LOCKED, so several nodes never send one message twice
 * at the same moment; a crash between sending and marking sent can still send it twice (at least once).
 */
@Component
public class MailDelivery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);
    private static final int BATCH = 20;

    private final MailOutbox outbox;
    private final MailSettings settings;
    private final Clock clock;
    private final @Nullable SmtpTransport smtp;
    private final Semaphore wake = new Semaphore(0);
    private volatile @Nullable Thread worker;

    public MailDelivery(MailOutbox outbox, MailSettings settings, Clock clock) {
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.smtp = settings.smtpEnabled() ? new SmtpTransport(settings) : null;
        if (smtp == null && settings.devMailbox()) {
            log.warn("No SMTP server configured (LEVQOR_SMTP_HOST) and the development mailbox is on: mail is "
                    + "readable without authentication at /api/v1/dev/mailbox and /console/mailbox. Development "
                    + "only: configure SMTP for production.");
        } else if (smtp == null) {
            log.warn("No SMTP server configured (LEVQOR_SMTP_HOST): mail is stored but not sent. Set "
                    + "LEVQOR_SMTP_HOST (and LEVQOR_SMTP_USERNAME, LEVQOR_SMTP_PASSWORD) to send it.");
        }
    }

    public boolean smtpEnabled() {
        return smtp != null;
    }

    /** Wakes the sender once the current transaction (if any) has committed. */
    public void wakeAfterCommit() {
        if (smtp == null) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake.release();
                }
            });
        } else {
            wake.release();
        }
    }

    /** Sends what is due now; returns how many were sent. */
    public int sendDue() {
        if (smtp == null) {
            return 0;
        }
        int sent = 0;
        List<Outgoing> due;
        do {
            due = outbox.claimDue(BATCH, clock.instant());
            for (Outgoing message : due) {
                try {
                    smtp.send(message.message());
                    outbox.markSent(message.id(), clock.instant());
                    sent++;
                } catch (Exception e) {
                    boolean giveUp = message.attempts() >= settings.maxAttempts();
                    Duration backoff = Duration.ofSeconds(Math.min(3600, 5L << Math.min(message.attempts(), 10)));
                    log.warn(
                            "Sending mail {} failed (attempt {}): {}",
                            message.id().value(),
                            message.attempts(),
                            e.toString());
                    outbox.markFailed(
                            message.id(), e.toString(), giveUp, clock.instant().plus(backoff));
                }
            }
        } while (due.size() == BATCH);
        return sent;
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                sendDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Mail delivery round failed", e);
            }
        }
    }

    @Override
    public void start() {
        if (smtp != null) {
            worker = Thread.ofVirtual().name("mail-delivery").start(this::loop);
        }
    }

    @Override
    public void stop() {
        Thread running = worker;
        if (running != null) {
            running.interrupt();
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
