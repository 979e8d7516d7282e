package io.levqor.ops.alerts;

import io.levqor.connectors.ChatMessages;
import io.levqor.connectors.StepOutcome;
import io.levqor.mail.Mailer;
import io.levqor.mail.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers a notification to a channel: chat through connectors' {@link ChatMessages} (the chat steps' own
 * senders), e-mail through the mail outbox (stored, then delivered and retried by the mail module).
 */
@Component
public class AlertChannels {

    private static final Logger log = LoggerFactory.getLogger(AlertChannels.class);

    private final ChatMessages chat;
    private final Mailer mailer;

    AlertChannels(ChatMessages chat, Mailer mailer) {
        this.chat = chat;
        this.mailer = mailer;
    }

    /** True when the channel took the message; a failure is logged without the channel's URL or token. */
    public boolean send(AlertSettings.Channel channel, String title, String text, String idempotencyKey) {
        try {
            if (channel.type().equals("email")) {
                mailer.send(Message.of(channel.to() == null ? "" : channel.to(), title, text)
                        .withCategory("alert"));
                return true;
            }
            StepOutcome outcome = chat.send(
                    new ChatMessages.Destination(
                            channel.type(), channel.webhookUrl(), channel.botToken(), channel.chatId()),
                    title,
                    text,
                    idempotencyKey);
            if (outcome instanceof StepOutcome.Failed failed) {
                log.warn("Alert channel {} refused a notification: {}", channel.name(), failed.error());
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            log.warn(
                    "Alert channel {} could not be reached: {}",
                    channel.name(),
                    e.getClass().getSimpleName());
            return false;
        }
    }
}
