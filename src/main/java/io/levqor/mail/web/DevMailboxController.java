package io.levqor.mail.web;

import io.levqor.mail.jdbc.MailOutbox;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The development mailbox: what would have been sent, newest first. It exists only while no SMTP server is
 * configured, so a production instance never exposes mail this way.
 */
@RestController
@ConditionalOnExpression("'${levqor.mail.smtp.host:}'.isBlank()")
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
