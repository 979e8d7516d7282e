package io.levqor.growth.internal;

import io.levqor.growth.Channel;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sends one message over a channel other than e-mail (SMS and WhatsApp through Twilio, push through FCM); campaigns
 * find the sender of their channel among these beans. A sender does not consult the suppression list: its caller
 * does, before it calls.
 */
public interface ChannelSender {

    Channel channel();

    /**
     * Sends or fails; never throws for a provider's answer. A transient failure (timeout, 429, 5xx) is reported as
     * {@link Delivery#retryable()} so the caller can try again later with the same {@code idempotencyKey}.
     */
    Delivery send(Outbound message);

    /**
     * One message to one address.
     *
     * @param to the address in the channel's own form (E.164 number, device token)
     * @param title used by push, ignored by SMS and WhatsApp
     * @param data extra key-value pairs a push carries to the app
     * @param idempotencyKey stable across retries of the same message to the same person
     */
    record Outbound(String to, @Nullable String title, String body, Map<String, String> data, String idempotencyKey) {}

    /**
     * What the provider answered.
     *
     * @param providerId the provider's id of the message (Twilio's {@code MessageSid}, FCM's message name), which its
     *     later status reports name
     * @param error a short reason, without URLs or credentials
     * @param unregistered the address is gone for good (FCM {@code UNREGISTERED}, Twilio 21211/21610): the caller
     *     suppresses it
     */
    record Delivery(
            boolean sent,
            boolean retryable,
            boolean unregistered,
            @Nullable String providerId,
            @Nullable String error) {

        public static Delivery sent(String providerId) {
            return new Delivery(true, false, false, providerId, null);
        }

        public static Delivery failed(String error, boolean retryable) {
            return new Delivery(false, retryable, false, null, error);
        }

        public static Delivery unregistered(String error) {
            return new Delivery(false, false, true, null, error);
        }
    }
}
