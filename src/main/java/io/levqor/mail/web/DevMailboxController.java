package io.levqor.mail.web;

import io.levqor.mail.DevMailbox;
import io.levqor.mail.jdbc.MailOutbox;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The development mailbox: what would have been sent, newest first. It exists only when asked for and no SMTP
 * server is configured ({@link DevMailbox}), so a production instance never exposes mail this way.
 */
@RestController
@Conditional(DevMailbox.On.class)
class DevMailboxController {

    private final MailOutbox outbox;

    DevMailboxController(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/api/v1/dev/mailbox")
    Map<String, List<MailOutbox.Stored>> mailbox(
            @RequestParam(required = false) @Nullable String to, @RequestParam(defaultValue = "50") int limit) {
        return Map.of("items", outbox.latest(to, Math.max(1, Math.min(limit, 500))));
    }
}
