package io.levqor.mail;

import io.levqor.mail.internal.MailDelivery;
import io.levqor.mail.jdbc.MailOutbox;
import io.levqor.shared.Ids;
import java.time.Clock;
import org.springframework.stereotype.Service;

/**
 * Sends e-mail through the outbox: the message is stored in the caller's transaction (so it goes if and only if
 * that transaction commits) and delivered afterwards, retried with backoff while SMTP fails.
 */
@Service
public class Mailer {

    private final MailOutbox outbox;
    private final MailDelivery delivery;
    private final Clock clock;

    Mailer(MailOutbox outbox, MailDelivery delivery, Clock clock) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.clock = clock;
    }

    public MailId send(Message message) {
        if (message.to().isBlank() || message.to().indexOf('@') < 1) {
            throw new IllegalArgumentException("Not an e-mail address: " + message.to());
        }
        MailId id = new MailId(Ids.newId());
        outbox.insert(id, message, delivery.smtpEnabled() ? "pending" : "held", clock.instant());
        delivery.wakeAfterCommit();
        return id;
    }
}
