package io.levqor.console.web;

import io.levqor.mail.DevMailbox;
import io.levqor.mail.jdbc.MailOutbox;
import io.levqor.shared.PlatformSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The development mailbox as a page, so a local user can click the verification link. Like the API's mailbox it
 * exists only when asked for and no SMTP server is configured ({@link DevMailbox}).
 */
@Controller
@Conditional(DevMailbox.On.class)
class MailboxController {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");

    private final MailOutbox outbox;
    private final PlatformSettings platform;

    MailboxController(MailOutbox outbox, PlatformSettings platform) {
        this.outbox = outbox;
        this.platform = platform;
    }

    /** A mail with its text cut into plain pieces and links. */
    record MailView(MailOutbox.Stored mail, List<Piece> pieces) {}

    /** Text, or a link when {@code href} is set. */
    record Piece(String text, @Nullable String href) {}

    @GetMapping("/console/mailbox")
    String mailbox(@RequestParam(required = false) @Nullable String to, Model model) {
        String filter = to == null || to.isBlank() ? null : to.trim();
        model.addAttribute("to", filter);
        model.addAttribute(
                "mails",
                outbox.latest(filter, 50).stream()
                        .map(mail -> new MailView(mail, pieces(mail.text())))
                        .toList());
        return "console/mailbox";
    }

    // Links to this Levqor become relative, so they work even when the base URL names another port (as in tests).
    private List<Piece> pieces(String text) {
        List<Piece> pieces = new ArrayList<>();
        String base = platform.url("/");
        Matcher matcher = URL.matcher(text);
        int at = 0;
        while (matcher.find()) {
            pieces.add(new Piece(text.substring(at, matcher.start()), null));
            String url = matcher.group();
            String href = url.startsWith(base) ? "/" + url.substring(base.length()) : url;
            pieces.add(new Piece(url, href));
            at = matcher.end();
        }
        pieces.add(new Piece(text.substring(at), null));
        return pieces;
    }
}
