package io.levqor.connectors;

import static io.levqor.connectors.Steps.config;
import static io.levqor.connectors.Steps.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.levqor.connectors.internal.ConnectorSettings;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailStepTests {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "mail-pass-1"))
            .withPerMethodLifecycle(true);

    final Steps steps = Steps.allowingLoopback();

    CredentialResolver credentials(String password) {
        return Steps.credentials(Map.of(
                "mail",
                Map.of(
                        "type",
                        "smtp",
                        "host",
                        "127.0.0.1",
                        "port",
                        smtp.getSmtp().getPort(),
                        "username",
                        "mailer",
                        "password",
                        password,
                        "from",
                        "Levqor Bot <bot@example.com>",
                        "security",
                        "none")));
    }

    @Test
    void sendsThroughTheWorkspaceCredential() throws Exception {
        var outcome = (StepOutcome.Succeeded) steps.email.execute(request(
                "mail-step",
                config(
                        "credential",
                        "mail",
                        "to",
                        List.of("ann@example.com", "bob@example.com"),
                        "cc",
                        "cat@example.com",
                        "bcc",
                        "dan@example.com",
                        "replyTo",
                        "help@example.com",
                        "subject",
                        "Weekly report",
                        "text",
                        "Numbers are up.",
                        "html",
                        "<p>Numbers are <b>up</b>.</p>"),
                credentials("mail-pass-1")));

        String messageId = "<" + Steps.RUN + ".mail-step@levqor>";
        assertThat(outcome.output()).isEqualTo(Map.of("messageId", messageId, "accepted", 4));
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(4); // one copy per recipient mailbox, bcc included
        MimeMessage message = received[0];
        assertThat(message.getSubject()).isEqualTo("Weekly report");
        assertThat(message.getFrom()[0].toString()).isEqualTo("Levqor Bot <bot@example.com>");
        assertThat(message.getRecipients(Message.RecipientType.TO))
                .extracting(Object::toString)
                .containsExactly("ann@example.com", "bob@example.com");
        assertThat(message.getRecipients(Message.RecipientType.CC))
                .extracting(Object::toString)
                .containsExactly("cat@example.com");
        assertThat(message.getRecipients(Message.RecipientType.BCC)).isNull();
        assertThat(message.getReplyTo()[0].toString()).isEqualTo("help@example.com");
        assertThat(message.getMessageID()).isEqualTo(messageId);
        assertThat(message.getHeader("Idempotency-Key")[0]).isEqualTo(Steps.RUN + ":mail-step");
        MimeMultipart alternatives = (MimeMultipart) message.getContent();
        assertThat(alternatives.getContentType()).startsWith("multipart/alternative");
        assertThat(GreenMailUtil.getBody(alternatives.getBodyPart(0))).isEqualTo("Numbers are up.");
        assertThat(GreenMailUtil.getBody(alternatives.getBodyPart(1))).isEqualTo("<p>Numbers are <b>up</b>.</p>");
    }

    @Test
    void sendsThroughThePlatformServerWithoutACredential() throws Exception {
        Steps platform = new Steps(ConnectorSettings.defaults()
                .withSmtp(new ConnectorSettings.Smtp(
                        "127.0.0.1",
                        smtp.getSmtp().getPort(),
                        "mailer",
                        "mail-pass-1",
                        "noreply@levqor.example",
                        false)));

        var outcome = platform.email.execute(
                request("s", config("to", "ann@example.com", "subject", "Hi", "text", "plain only")));

        assertThat(outcome).isInstanceOf(StepOutcome.Succeeded.class);
        MimeMessage message = smtp.getReceivedMessages()[0];
        assertThat(message.getFrom()[0].toString()).isEqualTo("noreply@levqor.example");
        assertThat(GreenMailUtil.getBody(message)).isEqualTo("plain only");
    }

    @Test
    void aWrongPasswordIsPermanent() throws Exception {
        var outcome = (StepOutcome.Failed) steps.email.execute(request(
                "s",
                config("credential", "mail", "to", "ann@example.com", "subject", "x", "text", "y"),
                credentials("wrong")));

        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.error()).isEqualTo("SMTP authentication failed at 127.0.0.1");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUnreachableServerIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var unreachable = Steps.credentials(Map.of(
                "mail",
                Map.of(
                        "type",
                        "smtp",
                        "host",
                        "127.0.0.1",
                        "port",
                        closedPort,
                        "from",
                        "bot@example.com",
                        "security",
                        "none")));

        var outcome = (StepOutcome.Failed) steps.email.execute(request(
                "s", config("credential", "mail", "to", "ann@example.com", "subject", "x", "text", "y"), unreachable));

        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.error()).startsWith("cannot reach SMTP server 127.0.0.1:" + closedPort);
    }

    @Test
    void badAddressesAndMissingFieldsArePermanent() throws Exception {
        var badTo = (StepOutcome.Failed) steps.email.execute(request(
                "s",
                config("credential", "mail", "to", "not an address", "subject", "x", "text", "y"),
                credentials("mail-pass-1")));
        var noBody = (StepOutcome.Failed) steps.email.execute(request(
                "s",
                config("credential", "mail", "to", "ann@example.com", "subject", "x"),
                credentials("mail-pass-1")));
        var noServer = (StepOutcome.Failed)
                steps.email.execute(request("s", config("to", "ann@example.com", "subject", "x", "text", "y")));

        assertThat(badTo.error()).isEqualTo("to: 'not an address' is not an e-mail address");
        assertThat(noBody.error()).isEqualTo("text: is required (or html)");
        assertThat(noServer.error()).startsWith("no SMTP server");
        assertThat(List.of(badTo, noBody, noServer)).noneMatch(StepOutcome.Failed::retryable);
    }
}
