package io.levqor.growth.internal;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Twilio's Messages API, bound to {@code levqor.growth.twilio.*}. SMS and WhatsApp are off until the account sid,
 * the auth token and the channel's sender are set.
 *
 * @param baseUrl where Twilio's REST API is (a local peer in tests)
 * @param accountSid the account ({@code AC…}), the user name of HTTP basic auth
 * @param authToken the password of basic auth, and the key that signs Twilio's callbacks
 * @param smsFrom the SMS sender: an E.164 number or a messaging service's alphanumeric id
 * @param whatsappFrom the WhatsApp sender's E.164 number (sent as {@code whatsapp:+…})
 */
@ConfigurationProperties("levqor.growth.twilio")
public record TwilioSettings(
        @DefaultValue("https://api.twilio.com") URI baseUrl,
        @DefaultValue("") String accountSid,
        @DefaultValue("") String authToken,
        @DefaultValue("") String smsFrom,
        @DefaultValue("") String whatsappFrom) {

    /** Whether messages can be sent and callbacks verified at all. */
    public boolean configured() {
        return !accountSid.isBlank() && !authToken.isBlank();
    }
}
