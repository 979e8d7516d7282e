package io.levqor.growth;

import io.levqor.growth.internal.MessagingSettings;
import io.levqor.growth.jdbc.SupportRepository;
import io.levqor.growth.jdbc.SupportRepository.TicketRow;
import io.levqor.mail.Mailer;
import io.levqor.mail.Message;
import io.levqor.shared.FieldError;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Support tickets: anyone with an e-mail address (or a signed-in user) opens one; the operator reads the inbox,
 * replies (the reply goes by e-mail through the outbox: it is an answer the person asked for, so transactional, not
 * subject to the marketing opt-outs) and closes it. New tickets are forwarded to {@code LEVQOR_SUPPORT_EMAIL} when set.
 * At most {@link #PER_ADDRESS_PER_HOUR} tickets per address an hour, on top of the API's per-client rate limit.
 */
@Service
public class Support {

    public static final int MAX_SUBJECT = 200;
    public static final int MAX_MESSAGE = 10_000;
    public static final int PER_ADDRESS_PER_HOUR = 5;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{1,63}");

    /** A ticket in the inbox. */
    public record Ticket(
            UUID id,
            String email,
            @Nullable UUID userId,
            @Nullable UUID workspaceId,
            String subject,
            String state,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant closedAt) {}

    /** One message of a ticket's thread: {@code customer} or {@code operator}. */
    public record Entry(UUID id, String author, String body, Instant createdAt) {}

    /** A ticket with its thread. */
    public record Thread(Ticket ticket, List<Entry> messages) {}

    private final SupportRepository repository;
    private final Mailer mailer;
    private final MessagingSettings settings;
    private final Clock clock;

    Support(SupportRepository repository, Mailer mailer, MessagingSettings settings, Clock clock) {
        this.repository = repository;
        this.mailer = mailer;
        this.settings = settings;
        this.clock = clock;
    }

    /** Opens a ticket; bad input is a 400 naming the fields, too many from one address a 429. */
    @Transactional
    public Ticket open(
            @Nullable String email,
            @Nullable String subject,
            @Nullable String message,
            @Nullable UserId user,
            @Nullable WorkspaceId workspace) {
        List<FieldError> errors = new ArrayList<>();
        String address = email == null ? "" : email.strip();
        if (!EMAIL.matcher(address).matches()) {
            errors.add(new FieldError("email", "must be an e-mail address"));
        }
        String title = subject == null || subject.isBlank() ? "" : subject.strip();
        if (title.isEmpty() || title.length() > MAX_SUBJECT || title.chars().anyMatch(c -> c < 0x20)) {
            errors.add(new FieldError("subject", "must be 1 to " + MAX_SUBJECT + " characters on one line"));
        }
        String body = message == null ? "" : message.strip();
        if (body.isEmpty() || body.length() > MAX_MESSAGE) {
            errors.add(new FieldError("message", "must be 1 to " + MAX_MESSAGE + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        Instant now = clock.instant();
        if (repository.openedSince(address, now.minus(Duration.ofHours(1))) >= PER_ADDRESS_PER_HOUR) {
            throw new ProblemException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    "At most " + PER_ADDRESS_PER_HOUR
                            + " tickets an hour from one address; add to an open one instead.");
        }
        UUID id = Ids.newId();
        repository.insertTicket(
                id,
                address,
                user == null ? null : user.value(),
                workspace == null ? null : workspace.value(),
                title,
                now);
        repository.insertMessage(Ids.newId(), id, "customer", null, body, now);
        String forward = settings.supportEmail().strip();
        if (!forward.isEmpty()) {
            mailer.send(Message.of(
                            forward,
                            "[Levqor support] " + title,
                            "New ticket " + id + " from " + address + "\n\n" + body
                                    + "\n\nAnswer it in the console: Operator → Support inbox.\n")
                    .withCategory("support-forward"));
        }
        return ticket(repository.ticket(id).orElseThrow());
    }

    public List<Ticket> inbox(String state, int limit) {
        String wanted = "closed".equals(state) ? "closed" : "open";
        return repository.tickets(wanted, Math.max(1, Math.min(limit, 200))).stream()
                .map(Support::ticket)
                .toList();
    }

    public Thread thread(UUID id) {
        TicketRow row = repository.ticket(id).orElseThrow(() -> notFound(id));
        return new Thread(
                ticket(row),
                repository.messages(id).stream()
                        .map(m -> new Entry(m.id(), m.author(), m.body(), m.createdAt()))
                        .toList());
    }

    /** The operator's answer: stored in the thread and mailed to the person who opened the ticket. */
    @Transactional
    public void reply(UUID id, String body, UserId operator) {
        TicketRow row = repository.ticket(id).orElseThrow(() -> notFound(id));
        String text = body.strip();
        if (text.isEmpty() || text.length() > MAX_MESSAGE) {
            throw ValidationFailed.of("message", "must be 1 to " + MAX_MESSAGE + " characters");
        }
        repository.insertMessage(Ids.newId(), id, "operator", operator.value(), text, clock.instant());
        mailer.send(
                Message.of(row.email(), "Re: " + row.subject(), text + "\n\n--\nLevqor support (ticket " + id + ")\n")
                        .withCategory("support-reply"));
    }

    /** Closes an open ticket; false when it was closed already. */
    @Transactional
    public boolean close(UUID id) {
        repository.ticket(id).orElseThrow(() -> notFound(id));
        return repository.close(id, clock.instant());
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no ticket " + id + ".");
    }

    private static Ticket ticket(TicketRow row) {
        return new Ticket(
                row.id(),
                row.email(),
                row.userId(),
                row.workspaceId(),
                row.subject(),
                row.state(),
                row.createdAt(),
                row.updatedAt(),
                row.closedAt());
    }
}
