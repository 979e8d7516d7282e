package io.levqor.growth;

import static io.levqor.growth.ReferralFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.growth.internal.CampaignSender;
import io.levqor.growth.internal.ChannelPolicy;
import io.levqor.growth.internal.ChannelSender;
import io.levqor.growth.internal.TwilioSettings;
import io.levqor.growth.internal.TwilioSignature;
import io.levqor.growth.jdbc.CampaignRepository;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.Ids;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Campaigns: audiences, throttled sending that survives a crash without sending twice, and their results. */
@LevqorIntegrationTest
class CampaignsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    ChannelPolicy policy;

    @Autowired
    CampaignSender sender;

    @Autowired
    CampaignRepository repository;

    @Autowired
    Suppressions suppressions;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Environment environment;

    @Autowired
    Campaigns campaigns;

    @Autowired
    tools.jackson.databind.json.JsonMapper json;

    TwilioPeer twilio;
    TestAccounts.Account operatorAccount;
    String operator;

    @BeforeEach
    void peer() throws Exception {
        sender.scheduled(false);
        twilio = new TwilioPeer();
        policy.apply(new TwilioSettings(twilio.base(), TwilioPeer.SID, TwilioPeer.TOKEN, "+15005550006", ""));
        operatorAccount = accounts.signUp();
        operators.apply(operatorAccount.email());
        operator = login();
    }

    /** A fresh operator token (one from before a move of the clock has expired). */
    private String login() {
        return api.post(
                        "/api/v1/auth/login",
                        Map.of("email", operatorAccount.email(), "password", operatorAccount.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }

    @AfterEach
    void restore() {
        sender.sender(Channel.SMS, null);
        sender.afterCalls(null);
        sender.scheduled(true);
        policy.restore();
        operators.apply("");
        twilio.close();
    }

    @Test
    void aCampaignToTenThousandReachesEachRecipientExactlyOnceAcrossACrashAndWithinTheThrottle() throws Exception {
        // 10,000 people with an SMS opt-in, written set-based; one of them has since been suppressed
        jdbc.sql("""
                        INSERT INTO app_user (id, email, email_key, name, password_hash, password_changed_at, created_at)
                        SELECT gen_random_uuid(), 'bulk' || g || '@example.test', 'bulk' || g || '@example.test',
                               'Person ' || g, 'x', now(), now()
                          FROM generate_series(1, 10000) g
                        """).update();
        jdbc.sql("""
                        INSERT INTO growth_phone_consent (user_id, channel, phone, source, consented_at)
                        SELECT id, 'sms', '+4477' || lpad(substring(email from 'bulk([0-9]+)@'), 8, '0'), 'signup form',
                               now()
                          FROM app_user WHERE email LIKE 'bulk%'
                        """).update();
        suppressions.suppress(Channel.SMS, "+447700000007", SuppressionReason.STOP);
        policy.apply(policy.configuredCampaigns().withThrottle(Duration.ofMinutes(1), Map.of("sms", 1000), 100));
        // a recording sender instead of 10,000 HTTP calls (TwilioIntegrationTests covers the requests themselves)
        List<TwilioPeer.Message> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger sids = new java.util.concurrent.atomic.AtomicInteger();
        sender.sender(Channel.SMS, new ChannelSender() {
            @Override
            public Channel channel() {
                return Channel.SMS;
            }

            @Override
            public ChannelSender.Delivery send(ChannelSender.Outbound message) {
                String sid = "SM" + sids.incrementAndGet();
                sent.add(new TwilioPeer.Message(sid, message.to(), "+15005550006", message.body(), "", ""));
                return ChannelSender.Delivery.sent(sid);
            }
        });

        var size = api.post("/api/v1/admin/campaigns/audience", Map.of("channel", "sms"))
                .bearer(operator)
                .send()
                .json();
        assertThat(size.path("size").asLong()).isEqualTo(10_000);
        assertThat(size.path("suppressed").asLong()).isEqualTo(1);
        var created = api.post(
                        "/api/v1/admin/campaigns",
                        Map.of("name", "Winter offer", "channel", "sms", "body", "Hi {{firstName | there}}, 20% off"))
                .bearer(operator)
                .send();
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("audienceSize").asLong()).isEqualTo(10_000);
        UUID campaign = UUID.fromString(created.json().path("id").asString());
        Instant start = clock.instant().minus(Duration.ofMinutes(1));

        UUID first = Ids.newId();
        for (int window = 0; window < 3; window++) {
            nextWindow();
            assertThat(sender.run(first)).isEqualTo(1000);
            assertThat(sender.run(first)).as("the window is spent").isZero();
        }
        var sending = api.get("/api/v1/admin/campaigns/" + campaign)
                .bearer(operator)
                .send()
                .json();
        assertThat(sending.path("status").asString()).isEqualTo("sending");
        assertThat(sending.path("total").asInt()).isEqualTo(10_000);
        assertThat(sending.path("sent").asLong()).isEqualTo(3000);
        assertThat(sending.path("progressPercent").asInt()).isEqualTo(30);

        // the node crashes in the fourth window after 500 calls, before recording the last 100 of them
        sender.afterCalls(calls -> {
            if (calls >= 500) {
                throw new IllegalStateException("crash");
            }
        });
        nextWindow();
        assertThatThrownBy(() -> sender.run(first)).hasMessage("crash");
        sender.afterCalls(null);
        assertThat(sent).hasSize(3500);

        // a new sender takes over after the lease; the 100 in flight are never sent again
        clock.advance(Duration.ofMinutes(6));
        UUID second = Ids.newId();
        int runs = 0;
        while (!detail(campaign).path("status").asString().equals("sent")) {
            nextWindow();
            assertThat(sender.run(second)).isLessThanOrEqualTo(1000);
            assertThat(++runs).as(() -> detail(campaign).toString()).isLessThan(20);
        }

        List<String> numbers = sent.stream().map(TwilioPeer.Message::to).toList();
        assertThat(numbers).hasSize(9_999).doesNotHaveDuplicates().doesNotContain("+447700000007");
        assertThat(sent).anySatisfy(m -> assertThat(m.body()).isEqualTo("Hi Person, 20% off"));
        Map<Instant, Integer> windows = repository.windows("sms", start);
        assertThat(windows.values()).allSatisfy(taken -> assertThat(taken).isLessThanOrEqualTo(1000));
        assertThat(windows.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(9_999);

        var done = detail(campaign);
        assertThat(done.path("progressPercent").asInt()).isEqualTo(100);
        assertThat(done.path("results").path("sent").asLong()).isEqualTo(9_999);
        assertThat(done.path("results").path("unknown").asLong()).isEqualTo(100);
        assertThat(done.path("results").path("suppressed").asLong()).isEqualTo(1);

        // Twilio reports a delivery: the recipient's result follows
        String sid = sent.get(10).sid();
        Map<String, String> report = Map.of("MessageSid", sid, "MessageStatus", "delivered", "To", numbers.get(10));
        assertThat(statusCallback(report).statusCode()).isEqualTo(200);
        await(() -> detail(campaign).path("results").path("delivered").asLong() == 1);
        var delivered = api.get("/api/v1/admin/campaigns/" + campaign + "/recipients?result=delivered")
                .bearer(login())
                .send()
                .json();
        assertThat(delivered.get(0).path("address").asString()).isEqualTo(numbers.get(10));
    }

    @Test
    void anEmailCampaignGoesThroughMarketingMailToThoseNotSuppressedAndCountsOpensAndClicks() {
        var ada = accounts.signUp();
        var grace = accounts.signUp();
        suppressions.suppress(Channel.EMAIL, grace.email(), SuppressionReason.UNSUBSCRIBED);
        var created = api.post(
                        "/api/v1/admin/campaigns",
                        Map.of(
                                "name", "Launch",
                                "channel", "email",
                                "subject", "News for {{firstName}}",
                                "html",
                                        "<html><body><p>Hi {{name}}</p><a href=\"https://levqor.io/x\">x</a></body></html>",
                                "body", "Hi {{name}}",
                                "tracking", true))
                .bearer(operator)
                .send();
        assertThat(created.status()).isEqualTo(201);
        UUID campaign = UUID.fromString(created.json().path("id").asString());

        sender.run(Ids.newId());

        var mails = jdbc.sql("SELECT recipient, subject, headers, body_html FROM mail_outbox"
                        + " WHERE category = 'marketing-marketing' ORDER BY recipient")
                .query((rs, n) -> Map.of(
                        "to", rs.getString("recipient"),
                        "subject", rs.getString("subject"),
                        "headers", rs.getString("headers"),
                        "html", rs.getString("body_html")))
                .list();
        assertThat(mails).extracting(m -> m.get("to")).contains(ada.email()).doesNotContain(grace.email());
        var toAda = mails.stream()
                .filter(m -> m.get("to").equals(ada.email()))
                .findFirst()
                .orElseThrow();
        assertThat(toAda.get("subject")).isEqualTo("News for Test");
        assertThat(toAda.get("headers")).contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
        assertThat(toAda.get("html")).contains("Hi Test User").doesNotContain("href=\"https://levqor.io/x\"");

        UUID adaId = UUID.fromString(ada.userId());
        transaction.executeWithoutResult(status -> events.publishEvent(new MailEngagement(
                "c:" + campaign + ":" + adaId, MailEngagement.Kind.CLICKED, "https://levqor.io/x", clock.instant())));
        transaction.executeWithoutResult(status -> events.publishEvent(
                new MailEngagement("c:" + campaign + ":" + adaId, MailEngagement.Kind.OPENED, null, clock.instant())));
        await(() -> detail(campaign).path("results").path("clicked").asLong() == 1);
        var results = detail(campaign).path("results");
        assertThat(results.path("opened").asLong())
                .as("a click is not undone by a later open")
                .isZero();
        assertThat(results.path("suppressed").asLong()).isEqualTo(1);
    }

    @Test
    void badCampaignsAreRefusedNamingTheFieldAndOnlyTheOperatorMayCreateOne() {
        var bad = api.post(
                        "/api/v1/admin/campaigns",
                        Map.of(
                                "name", "x",
                                "channel", "email",
                                "body", "Hi {{nickname}}",
                                "sendAt", "tomorrow",
                                "audience", Map.of("plans", List.of("Pro!"), "activeWithinDays", 0)))
                .bearer(operator)
                .send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("subject", "nickname", "sendAt", "audience.plans", "audience.activeWithinDays");
        assertThat(api.post("/api/v1/admin/campaigns", Map.of("name", "x", "channel", "fax", "body", "x"))
                        .bearer(operator)
                        .send()
                        .body())
                .contains("channel");
        var later = api.post(
                        "/api/v1/admin/campaigns",
                        Map.of(
                                "name",
                                "Later",
                                "channel",
                                "sms",
                                "body",
                                "x",
                                "sendAt",
                                clock.instant().plus(Duration.ofDays(30)).toString()))
                .bearer(operator)
                .send();
        assertThat(later.json().path("status").asString()).isEqualTo("scheduled");
        sender.run(Ids.newId());
        UUID id = UUID.fromString(later.json().path("id").asString());
        assertThat(detail(id).path("status").asString()).as("not due").isEqualTo("scheduled");
        assertThat(api.post("/api/v1/admin/campaigns/" + id + "/cancel", Map.of())
                        .bearer(operator)
                        .send()
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("cancelled");

        var someone = accounts.signUp();
        assertThat(api.post("/api/v1/admin/campaigns", Map.of("name", "x", "channel", "sms", "body", "x"))
                        .bearer(someone.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
    }

    // Moves the clock to the start of the next one-minute window, so that a whole run falls in one window whatever
    // the real time it takes (the clock is real time plus an offset).
    private void nextWindow() {
        clock.advance(Duration.ofMillis(60_000 - clock.millis() % 60_000));
    }

    // The facade's view as the API serialises it (tokens expire as the clock moves; the API is asked where the
    // test needs HTTP).
    private JsonNode detail(UUID campaign) {
        return json.valueToTree(campaigns.find(campaign));
    }

    private HttpResponse<String> statusCallback(Map<String, String> form) throws Exception {
        String url =
                "http://localhost:" + environment.getProperty("local.server.port") + "/api/v1/growth/twilio/status";
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        form.forEach((k, v) -> parameters.put(k, List.of(v)));
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("X-Twilio-Signature", TwilioSignature.sign(TwilioPeer.TOKEN, url, parameters))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
