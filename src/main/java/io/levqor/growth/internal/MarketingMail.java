package io.levqor.growth.internal;

import io.levqor.growth.Channel;
import io.levqor.growth.MailCategory;
import io.levqor.growth.MailPreferences;
import io.levqor.mail.MailId;
import io.levqor.mail.Mailer;
import io.levqor.mail.Message;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The one way non-transactional e-mail leaves growth (lifecycle mail, nudges, campaigns): nothing goes to an address
 * on the suppression list or to a person who opted out of the category; everything that goes carries
 * {@code List-Unsubscribe} (an https link and, when configured, a mailto) with {@code List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click} (RFC 8058) and a footer link to the preference page, and optionally an open pixel and
 * click redirects. The message joins the caller's transaction through the outbox.
 */
@Component
public class MarketingMail {

    // Absolute http(s) links in href attributes; other schemes (mailto:, tel:) and relative links stay as they are.
    private static final Pattern HREF = Pattern.compile("href=\"(https?://[^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY_END = Pattern.compile("</body>", Pattern.CASE_INSENSITIVE);

    private final Mailer mailer;
    private final MailPreferences preferences;
    private final MailLinks links;
    private final String mailtoAddress;

    MarketingMail(Mailer mailer, MailPreferences preferences, MailLinks links, MessagingSettings settings) {
        this.mailer = mailer;
        this.preferences = preferences;
        this.links = links;
        this.mailtoAddress = settings.unsubscribeMailbox().isBlank()
                ? ""
                : settings.unsubscribeMailbox().strip();
    }

    /**
     * Sends or not: empty when the address is suppressed or opted out of {@code category}, the outbox id otherwise.
     *
     * @param html the HTML body; the footer (and the pixel) go before its {@code </body>}, or at its end
     */
    public Optional<MailId> send(
            String to,
            String subject,
            String html,
            String text,
            MailCategory category,
            @Nullable TrackingOptions tracking) {
        if (!preferences.mayReceive(to, category)) {
            return Optional.empty();
        }
        String address = Channel.EMAIL.normalise(to);
        String token = links.unsubscribeToken(address, category);
        String page = links.unsubscribeUrl(address, category);
        String listUnsubscribe = "<" + page + ">"
                + (mailtoAddress.isEmpty() ? "" : ", <mailto:" + mailtoAddress + "?subject=unsubscribe-" + token + ">");
        String body = html;
        if (tracking != null && tracking.clicks()) {
            body = rewriteLinks(body, tracking.trackingId());
        }
        String footer = "<p style=\"font-size:12px;color:#666\">You get this because you have a Levqor account. "
                + "<a href=\"" + HtmlUtils.htmlEscape(page) + "\">Manage e-mail preferences or unsubscribe</a>.</p>";
        if (tracking != null && tracking.opens()) {
            footer += "<img src=\"" + HtmlUtils.htmlEscape(links.openUrl(tracking.trackingId()))
                    + "\" width=\"1\" height=\"1\" alt=\"\">";
        }
        Matcher end = BODY_END.matcher(body);
        body = end.find() ? body.substring(0, end.start()) + footer + body.substring(end.start()) : body + footer;
        String plain = text + "\n\n--\nManage e-mail preferences or unsubscribe: " + page + "\n";
        Message message = new Message(to, subject, plain, body, "marketing-" + category.wire())
                .withHeader("List-Unsubscribe", listUnsubscribe)
                .withHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return Optional.of(mailer.send(message));
    }

    private String rewriteLinks(String html, String trackingId) {
        Matcher links = HREF.matcher(html);
        StringBuilder out = new StringBuilder();
        while (links.find()) {
            String target = HtmlUtils.htmlUnescape(links.group(1));
            String tracked = this.links.clickUrl(trackingId, target);
            links.appendReplacement(out, Matcher.quoteReplacement("href=\"" + HtmlUtils.htmlEscape(tracked) + "\""));
        }
        links.appendTail(out);
        return out.toString();
    }
}
