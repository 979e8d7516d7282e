package io.levqor.mail.internal;

import io.levqor.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/** Speaks SMTP to the configured server. */
public final class SmtpTransport {

    private final JavaMailSenderImpl sender = new JavaMailSenderImpl();
    private final String from;

    public SmtpTransport(MailSettings settings) {
        MailSettings.Smtp smtp = settings.smtp();
        sender.setHost(smtp.host());
        sender.setPort(smtp.port());
        if (smtp.username() != null && !smtp.username().isBlank()) {
            sender.setUsername(smtp.username());
            sender.setPassword(smtp.password());
        }
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties properties = sender.getJavaMailProperties();
        String timeout = String.valueOf(smtp.timeout().toMillis());
        properties.setProperty("mail.smtp.auth", String.valueOf(sender.getUsername() != null));
        properties.setProperty("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
        properties.setProperty("mail.smtp.connectiontimeout", timeout);
        properties.setProperty("mail.smtp.timeout", timeout);
        properties.setProperty("mail.smtp.writetimeout", timeout);
        this.from = settings.from();
    }

    public void send(Message message) throws MessagingException {
        MimeMessage mime = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, message.html() != null, "UTF-8");
        helper.setFrom(from);
        helper.setTo(message.to());
        helper.setSubject(message.subject());
        if (message.html() != null) {
            helper.setText(message.text(), message.html());
        } else {
            helper.setText(message.text());
        }
        // Message has already refused names and values that could break out of their line.
        for (var header : message.headers().entrySet()) {
            mime.addHeader(header.getKey(), header.getValue());
        }
        sender.send(mime);
    }
}
