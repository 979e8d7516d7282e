package io.levqor.connectors.internal.mail;

import static io.levqor.connectors.internal.Schemas.*;

import io.levqor.connectors.StepFailure;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import io.levqor.connectors.internal.ConnectorSettings;
import io.levqor.connectors.internal.OutboundHttp;
import io.levqor.connectors.internal.StepConfig;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The {@code email} step: one message over SMTP, through the workspace's {@code smtp} credential or the platform's
 * server ({@code LEVQOR_SMTP_*}). Its Message-ID is derived from the Idempotency-Key, so a repeated attempt sends a
 * message that mail systems recognise as the same one.
 */
@Component
public class EmailStep implements StepType {

    /** An SMTP server and how to log in. */
    record Server(
            String host,
            int port,
            @Nullable String username,
            @Nullable String password,
            String from,
            String security) {}

    private final ConnectorSettings settings;
    private final OutboundHttp http;

    public EmailStep(ConnectorSettings settings, OutboundHttp http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public Map<String, Object> schema() {
        return object(
                props(
                        "credential", credential("smtp"),
                        "to", stringOrList("recipients"),
                        "cc", stringOrList("copy recipients"),
                        "bcc", stringOrList("blind copy recipients"),
                        "replyTo", string("Reply-To address"),
                        "from", string("sender; defaults to the credential's or the platform's from address"),
                        "subject", string("subject line"),
                        "text", string("plain-text body"),
                        "html", string("HTML body; sent with text as alternatives when both are given")),
                "to",
                "subject");
    }

    @Override
    public StepOutcome execute(StepRequest request) throws InterruptedException {
        try {
            return send(request);
        } catch (StepFailure failure) {
            return failure.toOutcome();
        }
    }

    private StepOutcome send(StepRequest request) throws InterruptedException {
        StepConfig config = new StepConfig(request.config());
        Server server = server(request, config);
        Session session = Session.getInstance(properties(server, request));
        MimeMessage message = new IdempotentMessage(session, messageId(request));
        List<String> to = config.strings("to");
        if (to.isEmpty()) {
            throw StepFailure.permanent("to: is required");
        }
        String text = config.optionalString("text");
        String html = config.optionalString("html");
        if (text == null && html == null) {
            throw StepFailure.permanent("text: is required (or html)");
        }
        try {
            message.setFrom(address(config.string("from", server.from()), "from"));
            message.setRecipients(Message.RecipientType.TO, addresses(to, "to"));
            message.setRecipients(Message.RecipientType.CC, addresses(config.strings("cc"), "cc"));
            message.setRecipients(Message.RecipientType.BCC, addresses(config.strings("bcc"), "bcc"));
            if (config.optionalString("replyTo") instanceof String replyTo) {
                message.setReplyTo(new Address[] {address(replyTo, "replyTo")});
            }
            message.setSubject(config.string("subject"), StandardCharsets.UTF_8.name());
            message.setHeader("Idempotency-Key", request.idempotencyKey());
            body(message, text, html);
            message.saveChanges();
        } catch (MessagingException e) {
            throw StepFailure.permanent("cannot build the message: " + e.getMessage());
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        try (Transport transport = session.getTransport(server.security().equals("ssl") ? "smtps" : "smtp")) {
            transport.connect(server.host(), server.port(), server.username(), server.password());
            transport.sendMessage(message, message.getAllRecipients());
        } catch (AuthenticationFailedException e) {
            return StepOutcome.failed("SMTP authentication failed at " + server.host(), false);
        } catch (SendFailedException e) {
            return classify(server, e);
        } catch (MessagingException e) {
            return classify(server, e);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("messageId", messageId(request));
        output.put(
                "accepted",
                to.size() + config.strings("cc").size() + config.strings("bcc").size());
        return StepOutcome.succeeded(output);
    }

    private static StepOutcome classify(Server server, MessagingException e) {
        String reply = firstReply(e);
        if (reply != null) {
            // SMTP replies: 4xx is transient (greylisting, mailbox busy), 5xx is final.
            return StepOutcome.failed("SMTP server " + server.host() + " answered " + reply, reply.startsWith("4"));
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
        if (cause instanceof IOException) {
            return StepOutcome.failed(
                    "cannot reach SMTP server " + server.host() + ":" + server.port() + " (" + cause.getMessage() + ")",
                    true);
        }
        return StepOutcome.failed("sending through " + server.host() + " failed: " + e.getMessage(), true);
    }

    private static @Nullable String firstReply(@Nullable Exception e) {
        Exception current = e;
        while (current != null) {
            String message = current.getMessage();
            if (message != null && message.strip().matches("^[45]\\d\\d[ -].*")) {
                return message.strip().lines().findFirst().orElse(message);
            }
            current = current instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        return null;
    }

    private Server server(StepRequest request, StepConfig config) {
        String credential = config.credential();
        if (credential != null) {
            Map<String, Object> data = request.credentials().resolve(credential);
            if (!(data.get("host") instanceof String host) || !(data.get("from") instanceof String from)) {
                throw StepFailure.permanent("credential '" + credential + "' is not an smtp credential");
            }
            // A workspace's SMTP host is user input like any URL: keep it off the internal network.
            http.guard().checkHost(host);
            int port = data.get("port") instanceof Number number ? number.intValue() : 587;
            return new Server(
                    host,
                    port,
                    (String) data.get("username"),
                    (String) data.get("password"),
                    from,
                    data.get("security") instanceof String security ? security : "starttls");
        }
        ConnectorSettings.Smtp smtp = settings.smtp();
        if (!smtp.configured() || smtp.from() == null) {
            throw StepFailure.permanent(
                    "no SMTP server: give the step an smtp credential, or set LEVQOR_SMTP_HOST and LEVQOR_SMTP_FROM");
        }
        return new Server(
                smtp.host(),
                smtp.port(),
                blankToNull(smtp.username()),
                blankToNull(smtp.password()),
                smtp.from(),
                smtp.starttls() ? "starttls" : "none");
    }

    private static Properties properties(Server server, StepRequest request) {
        String timeout = Long.toString(Math.max(1, request.timeout().toMillis()));
        String protocol = server.security().equals("ssl") ? "smtps" : "smtp";
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".host", server.host());
        properties.put("mail." + protocol + ".port", Integer.toString(server.port()));
        properties.put("mail." + protocol + ".auth", Boolean.toString(server.username() != null));
        properties.put("mail." + protocol + ".connectiontimeout", timeout);
        properties.put("mail." + protocol + ".timeout", timeout);
        properties.put("mail." + protocol + ".writetimeout", timeout);
        if (server.security().equals("starttls")) {
            properties.put("mail.smtp.starttls.enable", "true");
        }
        return properties;
    }

    private static void body(MimeMessage message, @Nullable String text, @Nullable String html)
            throws MessagingException {
        if (text != null && html != null) {
            MimeMultipart alternatives = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, StandardCharsets.UTF_8.name());
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, StandardCharsets.UTF_8.name(), "html");
            alternatives.addBodyPart(plain);
            alternatives.addBodyPart(rich);
            message.setContent(alternatives);
        } else if (html != null) {
            message.setText(html, StandardCharsets.UTF_8.name(), "html");
        } else {
            message.setText(text, StandardCharsets.UTF_8.name());
        }
    }

    private static InternetAddress address(String text, String field) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw StepFailure.permanent(field + ": '" + text + "' is not an e-mail address");
        }
    }

    private static Address[] addresses(List<String> texts, String field) {
        List<Address> result = new ArrayList<>();
        for (String text : texts) {
            result.add(address(text, field));
        }
        return result.toArray(Address[]::new);
    }

    static String messageId(StepRequest request) {
        return "<" + request.runId() + "." + request.stepId().replaceAll("[^A-Za-z0-9._-]", "_") + "@levqor>";
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Keeps the Message-ID we chose instead of a random one on every save. */
    private static final class IdempotentMessage extends MimeMessage {
        private final String messageId;

        IdempotentMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
