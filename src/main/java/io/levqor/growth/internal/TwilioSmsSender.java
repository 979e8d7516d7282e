package io.levqor.growth.internal;

import io.levqor.growth.Channel;
import org.springframework.stereotype.Component;

/** SMS through Twilio's Messages API. */
@Component
class TwilioSmsSender implements ChannelSender {

    private final TwilioMessages twilio;

    TwilioSmsSender(TwilioMessages twilio) {
        this.twilio = twilio;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public Delivery send(Outbound message) {
        return twilio.send(Channel.SMS, message);
    }
}
