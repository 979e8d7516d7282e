package io.levqor.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.growth.internal.CampaignSender;
import io.levqor.growth.internal.ChannelPolicy;
import io.levqor.growth.internal.ChannelSender;
import io.levqor.growth.internal.ChannelSender.Delivery;
import io.levqor.growth.internal.ChannelSender.Outbound;
import io.levqor.growth.internal.FcmSettings;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.Ids;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Push through a local server that answers like Google's token endpoint and FCM HTTP v1. */
@LevqorIntegrationTest
class FcmPushIntegrationTests {

    static final String EMAIL = "levqor-push@test-project.iam.gserviceaccount.com";

    @Autowired
    ChannelPolicy policy;

    @Autowired
    List<ChannelSender> senders;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    MutableClock clock;

    @Autowired
    Suppressions suppressions;

    @Autowired
    PushDevices devices;

    @Autowired
    CampaignSender sender;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    JdbcClient jdbc;

    FcmPeer fcm;
    KeyPair key;

    @BeforeEach
    void peer() throws Exception {
        sender.scheduled(false);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        fcm = new FcmPeer(key.getPublic(), EMAIL, "test-project", clock);
        policy.apply(new FcmSettings(fcm.base(), serviceAccount(key), fcm.tokenUri(), ""));
    }

    @AfterEach
    void restore() {
        sender.scheduled(true);
        policy.restore();
        operators.apply("");
        fcm.close();
    }

    @Test
    void theFcmPeerReceivesAnOAuth2BearerObtainedFromAJwtSignedWithTheServiceAccountKey() throws Exception {
        ChannelSender push = senders.stream()
                .filter(s -> s.channel() == Channel.PUSH)
                .findFirst()
                .orElseThrow();

        Delivery first = push.send(new Outbound("device-1", "Hello", "First push", Map.of("k", "v"), "key-1"));
        Delivery second = push.send(new Outbound("device-2", null, "Second push", Map.of(), "key-2"));

        assertThat(first.sent()).isTrue();
        assertThat(first.providerId()).startsWith("projects/test-project/messages/");
        assertThat(second.sent()).isTrue();
        assertThat(fcm.tokenRequests()).as("the token is cached").isEqualTo(1);
        assertThat(fcm.pushes())
                .hasSize(2)
                .allSatisfy(p -> assertThat(fcm.issuedToken(p.bearer())).isTrue());
        assertThat(fcm.pushes().getFirst()).satisfies(p -> {
            assertThat(p.token()).isEqualTo("device-1");
            assertThat(p.title()).isEqualTo("Hello");
            assertThat(p.body()).isEqualTo("First push");
            assertThat(p.data()).containsEntry("k", "v").containsEntry("levqor_message_id", "key-1");
        });

        clock.advance(Duration.ofMinutes(56)); // within five minutes of the hour: a new token
        assertThat(push.send(new Outbound("device-1", null, "Later", Map.of(), "key-3"))
                        .sent())
                .isTrue();
        assertThat(fcm.tokenRequests()).isEqualTo(2);
        assertThat(fcm.pushes().get(2).bearer())
                .isNotEqualTo(fcm.pushes().get(0).bearer());

        Delivery gone = push.send(new Outbound("gone-device", null, "x", Map.of(), "key-4"));
        assertThat(gone.unregistered()).isTrue();
        assertThat(gone.error()).contains("UNREGISTERED");

        // a key the token endpoint does not know: refused, nothing pushed
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        policy.apply(new FcmSettings(fcm.base(), serviceAccount(generator.generateKeyPair()), fcm.tokenUri(), ""));
        clock.advance(Duration.ofHours(1));
        Delivery forged = push.send(new Outbound("device-1", null, "x", Map.of(), "key-5"));
        assertThat(forged.sent()).isFalse();
        assertThat(forged.error()).contains("400").doesNotContain("BEGIN");
        assertThat(fcm.pushes()).hasSize(3);
    }

    @Test
    void devicesAreRegisteredPerUserAndAPushCampaignDropsTheTokensFcmNoLongerKnows() {
        var ada = accounts.signUp();
        var grace = accounts.signUp();
        var registered = api.post("/api/v1/push/devices", Map.of("token", "device-ada", "platform", "ios"))
                .bearer(ada.accessToken())
                .send();
        assertThat(registered.status()).isEqualTo(201);
        api.post("/api/v1/push/devices", Map.of("token", "gone-grace", "platform", "android"))
                .bearer(grace.accessToken())
                .send();
        assertThat(api.post("/api/v1/push/devices", Map.of("token", "", "platform", "ios"))
                        .bearer(ada.accessToken())
                        .send()
                        .body())
                .contains("token");
        assertThat(api.get("/api/v1/push/devices")
                        .bearer(ada.accessToken())
                        .send()
                        .json()
                        .get(0)
                        .path("token")
                        .asString())
                .isEqualTo("device-ada");
        assertThat(api.delete("/api/v1/push/devices?token=device-ada")
                        .bearer(grace.accessToken())
                        .send()
                        .status())
                .as("another user's device")
                .isEqualTo(404);

        String operator = operatorToken();
        var created = api.post(
                        "/api/v1/admin/campaigns",
                        Map.of("name", "Push", "channel", "push", "subject", "News", "body", "Hi {{firstName | you}}"))
                .bearer(operator)
                .send();
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("audienceSize").asLong()).isEqualTo(2);
        UUID campaign = UUID.fromString(created.json().path("id").asString());

        sender.run(Ids.newId());

        assertThat(fcm.pushes()).singleElement().satisfies(p -> {
            assertThat(p.token()).isEqualTo("device-ada");
            assertThat(p.title()).isEqualTo("News");
            assertThat(p.body()).isEqualTo("Hi Test");
        });
        assertThat(devices.of(new io.levqor.shared.UserId(UUID.fromString(grace.userId()))))
                .isEmpty();
        assertThat(suppressions.isSuppressed(Channel.PUSH, "gone-grace")).isTrue();
        var detail = api.get("/api/v1/admin/campaigns/" + campaign)
                .bearer(operator)
                .send()
                .json();
        assertThat(detail.path("status").asString()).isEqualTo("sent");
        assertThat(detail.path("results").path("sent").asLong()).isEqualTo(1);
        assertThat(detail.path("results").path("failed").asLong()).isEqualTo(1);

        assertThat(api.delete("/api/v1/push/devices?token=device-ada")
                        .bearer(ada.accessToken())
                        .send()
                        .status())
                .isEqualTo(204);
    }

    private String operatorToken() {
        var operator = accounts.signUp();
        operators.apply(operator.email());
        return api.post("/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }

    static String serviceAccount(KeyPair key) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return """
                {"type": "service_account", "project_id": "test-project", "private_key_id": "k1",
                 "private_key": "%s", "client_email": "%s",
                 "token_uri": "https://oauth2.googleapis.com/token"}
                """.formatted(pem.replace("\n", "\\n"), EMAIL);
    }
}
