package io.levqor.growth.internal;

import io.levqor.growth.Channel;
import org.springframework.stereotype.Component;

/** WhatsApp through Twilio's Messages API ({@code whatsapp:}-prefixed addresses). */
@Component
class TwilioWhatsAppSender implements ChannelSender {

    private final TwilioMessages twilio;

    TwilioWhatsAppSender(TwilioMessages twilio) {
        this.twilio = twilio;
    }

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
    }

    @Override
    public Delivery send(Outbound message) {
        return twilio.send(Channel.WHATSAPP, message);
    }
}
