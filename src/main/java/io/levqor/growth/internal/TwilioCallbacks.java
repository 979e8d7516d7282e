package io.levqor.growth.internal;

import io.levqor.growth.Channel;
import io.levqor.growth.PhoneConsents;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Twilio's callbacks: message status reports and inbound messages. Both are public and authenticated only by
 * {@code X-Twilio-Signature}, checked against the public URL ({@code levqor.base-url} + path) and the URL as this
 * node received it (equal unless a proxy rewrote it); anything else is refused with 403 before it is read.
 */
@Component
public class TwilioCallbacks {

    /** Twilio's standard opt-out keywords (Advanced Opt-Out's defaults), matched on the whole trimmed body. */
    static final Set<String> STOP_WORDS =
            Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");

    private static final Set<String> REPORTED = Set.of("delivered", "undelivered", "failed", "read");

    private final ChannelPolicy policy;
    private final PlatformSettings platform;
    private final PhoneConsents consents;
    private final ApplicationEventPublisher events;

    TwilioCallbacks(
            ChannelPolicy policy, PlatformSettings platform, PhoneConsents consents, ApplicationEventPublisher events) {
        this.policy = policy;
        this.platform = platform;
        this.consents = consents;
        this.events = events;
    }

    /**
     * A status callback: a final state ({@code delivered}, {@code undelivered}, {@code failed}, {@code read}) is
     * published as {@link ChannelStatusReported}; intermediate ones ({@code queued}, {@code sent}) are accepted and
     * dropped. Answers the status it read.
     */
    @Transactional
    public String status(
            String path, @Nullable String receivedUrl, Map<String, List<String>> form, @Nullable String signature) {
        verify(path, receivedUrl, form, signature);
        String sid = first(form, "MessageSid");
        String status = first(form, "MessageStatus").toLowerCase(Locale.ROOT);
        if (sid.isBlank() || status.isBlank()) {
            return "ignored";
        }
        if (REPORTED.contains(status)) {
            String code = first(form, "ErrorCode");
            events.publishEvent(new ChannelStatusReported(
                    channelOf(form), sid, status, code.isBlank() ? null : "Twilio error " + code));
        }
        return status;
    }

    /** An inbound message: a STOP keyword withdraws the sender's opt-in and suppresses the number. */
    @Transactional
    public boolean inbound(
            String path, @Nullable String receivedUrl, Map<String, List<String>> form, @Nullable String signature) {
        verify(path, receivedUrl, form, signature);
        String from = first(form, "From");
        String body = first(form, "Body").strip().toUpperCase(Locale.ROOT);
        if (from.isBlank() || !STOP_WORDS.contains(body)) {
            return false;
        }
        consents.stop(from.regionMatches(true, 0, "whatsapp:", 0, 9) ? Channel.WHATSAPP : Channel.SMS, from);
        return true;
    }

    private void verify(
            String path, @Nullable String receivedUrl, Map<String, List<String>> form, @Nullable String signature) {
        TwilioSettings settings = policy.twilio();
        List<String> urls = new ArrayList<>(List.of(platform.url(path)));
        if (receivedUrl != null) {
            urls.add(receivedUrl);
        }
        if (!settings.configured()
                || signature == null
                || signature.isBlank()
                || !TwilioSignature.valid(settings.authToken(), urls, form, signature)) {
            throw ProblemException.forbidden("The X-Twilio-Signature does not match this request.");
        }
    }

    private static Channel channelOf(Map<String, List<String>> form) {
        String to = first(form, "To");
        String from = first(form, "From");
        return to.startsWith("whatsapp:") || from.startsWith("whatsapp:") ? Channel.WHATSAPP : Channel.SMS;
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }
}
