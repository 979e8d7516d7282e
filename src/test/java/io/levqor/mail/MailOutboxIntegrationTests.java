package io.levqor.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.levqor.mail.internal.MailDelivery;
import io.levqor.mail.internal.MailSettings;
import io.levqor.mail.jdbc.MailOutbox;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class MailOutboxIntegrationTests {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("levqor", "secret"));

    @Autowired
    Mailer mailer;

    @Autowired
    MailOutbox outbox;

    @Autowired
    HttpApi api;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Clock clock;

    @Test
    void withoutSmtpMailIsKeptInTheDevelopmentMailbox() {
        mailer.send(Message.of("dev@example.test", "Hello", "Body text").withCategory("test"));

        JsonNode items =
                api.get("/api/v1/dev/mailbox?to=dev@example.test").send().json().get("items");

        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("subject").asString()).isEqualTo("Hello");
        assertThat(items.get(0).get("text").asString()).isEqualTo("Body text");
        assertThat(items.get(0).get("state").asString()).isEqualTo("held");
    }

    @Test
    void mailOfARolledBackTransactionIsNeverSent() {
        try {
            transactions.executeWithoutResult(status -> {
                mailer.send(Message.of("rollback@example.test", "Never", "Never"));
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the point of the test
        }

        assertThat(api.get("/api/v1/dev/mailbox?to=rollback@example.test")
                        .send()
                        .json()
                        .get("items"))
                .isEmpty();
    }

    @Test
    void pendingMailIsDeliveredOverSmtp() throws Exception {
        MailDelivery delivery =
                new MailDelivery(outbox, smtpSettings(smtp.getSmtp().getPort()), clock);
        MailId id = new MailId(io.levqor.shared.Ids.newId());
        outbox.insert(
                id,
                new Message("someone@example.test", "Über SMTP", "Plain body", "<p>HTML body</p>", "test")
                        .withHeader("List-Unsubscribe", "<https://levqor.test/u/abc>")
                        .withHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                "pending",
                clock.instant());

        assertThat(delivery.sendDue()).isEqualTo(1);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Über SMTP");
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("someone@example.test");
        assertThat(GreenMailUtil.getBody(received[0])).contains("Plain body");
        assertThat(received[0].getHeader("List-Unsubscribe")).containsExactly("<https://levqor.test/u/abc>");
        assertThat(received[0].getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        assertThat(outbox.find(id).state()).isEqualTo("sent");
    }

    @Test
    void aFailedSendIsRetriedLater() {
        MailDelivery delivery = new MailDelivery(outbox, smtpSettings(1), clock);
        MailId id = new MailId(io.levqor.shared.Ids.newId());
        outbox.insert(id, Message.of("later@example.test", "Later", "Body"), "pending", clock.instant());

        assertThat(delivery.sendDue()).isZero();

        JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());
        assertThat(jdbc.sql("SELECT state FROM mail_outbox WHERE id = :id")
                        .param("id", id.value())
                        .query(String.class)
                        .single())
                .isEqualTo("pending");
        assertThat(jdbc.sql("SELECT last_error FROM mail_outbox WHERE id = :id")
                        .param("id", id.value())
                        .query(String.class)
                        .single())
                .isNotBlank();
    }

    private static MailSettings smtpSettings(int port) {
        return new MailSettings(
                new MailSettings.Smtp("127.0.0.1", port, "levqor", "secret", false, Duration.ofSeconds(5)),
                "Levqor <no-reply@levqor.test>",
                3,
                Duration.ofSeconds(1),
                false);
    }
}
