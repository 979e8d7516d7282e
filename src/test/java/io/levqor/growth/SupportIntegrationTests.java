package io.levqor.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.growth.internal.MessagingSettings;
import io.levqor.growth.jdbc.SupportRepository;
import io.levqor.mail.Mailer;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class SupportIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    Support support;

    @Autowired
    Feedback feedback;

    @Autowired
    SupportRepository repository;

    @Autowired
    Mailer mailer;

    @Autowired
    Clock clock;

    @Test
    void anyoneWithAnAddressOpensATicketWithinTheLimitsAndSignedInUsersNeedNone() {
        Response anonymous = api.post(
                        "/api/v1/support/messages",
                        Map.of("email", "visitor@example.test", "subject", "Pricing", "message", "Do you bill in EUR?"))
                .send();
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(201);
        assertThat(anonymous.json().get("state").asString()).isEqualTo("open");

        Response noAddress = api.post("/api/v1/support/messages", Map.of("subject", "Hi", "message", "x"))
                .send();
        assertThat(noAddress.status()).isEqualTo(400);
        assertThat(noAddress.body()).contains("email");
        Response tooLong = api.post(
                        "/api/v1/support/messages",
                        Map.of("email", "v@example.test", "subject", "Hi", "message", "x".repeat(10_001)))
                .send();
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("message");

        Account account = new TestAccounts(api).signUp();
        Response signedIn = api.post("/api/v1/support/messages", Map.of("subject", "Bug", "message", "It broke"))
                .bearer(account.accessToken())
                .send();
        assertThat(signedIn.status()).isEqualTo(201);
        assertThat(support.inbox("open", 10)).anySatisfy(t -> {
            assertThat(t.email()).isEqualTo(account.email());
            assertThat(t.userId()).hasToString(account.userId());
        });

        for (int i = 1; i < Support.PER_ADDRESS_PER_HOUR; i++) {
            support.open("visitor@example.test", "More " + i, "x", null, null);
        }
        Response limited = api.post(
                        "/api/v1/support/messages",
                        Map.of("email", "Visitor@example.test", "subject", "Again", "message", "x"))
                .send();
        assertThat(limited.status()).isEqualTo(429);

        // With LEVQOR_SUPPORT_EMAIL set, a new ticket is forwarded there.
        Support forwarding = new Support(
                repository,
                mailer,
                new MessagingSettings(
                        "",
                        true,
                        LocalTime.of(9, 0),
                        Duration.ofHours(1),
                        Duration.ofMinutes(1),
                        false,
                        "help@levqor.test"),
                clock);
        forwarding.open("other@example.test", "Forward me", "Please", null, null);
        assertThat(api.get("/api/v1/dev/mailbox?to=help@levqor.test").send().body())
                .contains("[Levqor support] Forward me")
                .contains("other@example.test");
    }

    @Test
    void feedbackNeedsASignedInUserAndAValidRating() {
        Account account = new TestAccounts(api).signUp();
        Map<String, Object> body = Map.of("rating", 4, "text", "Nice editor", "page", "/console/workflows");
        assertThat(api.post("/api/v1/feedback", body).send().status()).isEqualTo(401);
        assertThat(api.post("/api/v1/feedback", body)
                        .bearer(account.accessToken())
                        .send()
                        .status())
                .isEqualTo(201);
        Response bad = api.post("/api/v1/feedback", Map.of("rating", 9))
                .bearer(account.accessToken())
                .send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("rating");
        assertThat(feedback.latest(10))
                .singleElement()
                .satisfies(f -> assertThat(f.text()).isEqualTo("Nice editor"));
    }
}
