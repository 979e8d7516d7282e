package io.levqor.identity;

import static io.levqor.identity.TokenLifecycleIntegrationTests.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.RecordedEvents;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class AccountsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    RecordedEvents events;

    @Autowired
    MutableClock clock;

    @Test
    void signUpCreatesAPersonalWorkspaceAndPublishesWhatHappened() {
        String email = TestAccounts.uniqueEmail();
        Response response = api.post(
                        "/api/v1/auth/signup",
                        Map.of(
                                "email",
                                email.toUpperCase(),
                                "password",
                                TestAccounts.PASSWORD,
                                "referralCode",
                                "FRIEND1"))
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        UserId user = new UserId(UUID.fromString(response.json().get("userId").asString()));
        WorkspaceId workspace = new WorkspaceId(
                UUID.fromString(response.json().get("workspaceId").asString()));
        assertThat(events.ofType(UserSignedUp.class)).contains(new UserSignedUp(user, workspace, email, "FRIEND1"));
        assertThat(events.ofType(WorkspaceCreated.class))
                .anyMatch(e -> e.workspace().equals(workspace) && e.owner().equals(user));
        assertThat(events.ofType(MemberJoined.class)).contains(new MemberJoined(workspace, user, Role.OWNER));

        JsonNode me = api.get("/api/v1/me")
                .bearer(response.json().get("accessToken").asString())
                .send()
                .json();
        assertThat(me.get("email").asString()).isEqualTo(email);
        assertThat(me.get("role").asString()).isEqualTo("owner");
        assertThat(me.get("emailVerified").asBoolean()).isFalse();
    }

    @Test
    void loginAnswersAlikeForAnUnknownAddressAndAWrongPassword() {
        Account account = accounts.signUp();

        Response wrongPassword = api.post(
                        "/api/v1/auth/login", Map.of("email", account.email(), "password", "not the password"))
                .send();
        Response unknownAddress = api.post(
                        "/api/v1/auth/login",
                        Map.of("email", TestAccounts.uniqueEmail(), "password", "not the password"))
                .send();

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownAddress.status()).isEqualTo(401);
        assertThat(unknownAddress.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void passwordResetAnswersAlikeAndMailsOnlyAnExistingAddress() {
        Account account = accounts.signUp();
        String stranger = TestAccounts.uniqueEmail();

        Response known = api.post("/api/v1/auth/password-reset", Map.of("email", account.email()))
                .send();
        Response unknown = api.post("/api/v1/auth/password-reset", Map.of("email", stranger))
                .send();

        assertThat(known.status()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(api.get("/api/v1/dev/mailbox?to=" + stranger).send().json().get("items"))
                .isEmpty();
        assertThat(accounts.mailedToken(account.email(), "password-reset")).isNotBlank();
    }

    @Test
    void signUpWithATakenAddressAnswersLikeASignUpButOpensNothing() {
        Account account = accounts.signUp();

        Response again = api.post(
                        "/api/v1/auth/signup", Map.of("email", account.email(), "password", "another password 1"))
                .send();

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().properties().stream().map(Map.Entry::getKey))
                .containsExactlyInAnyOrder("userId", "workspaceId", "accessToken", "refreshToken", "expiresIn");
        assertUnauthorized(api.get("/api/v1/me")
                .bearer(again.json().get("accessToken").asString())
                .send());
        JsonNode mails = api.get("/api/v1/dev/mailbox?to=" + account.email())
                .send()
                .json()
                .get("items");
        assertThat(mails.findValuesAsString("category")).contains("signup-taken");
        assertThat(count("app_user")).isEqualTo(1);
    }

    @Test
    void lookAlikeSpellingsOfATakenAddressMakeNoSecondAccount() {
        String local = "ada-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Account ada = accounts.signUp(local + "@example.com", TestAccounts.PASSWORD);
        String fullwidth = toFullwidth(local) + "@ｅｘａｍｐｌｅ.ｃｏｍ";

        for (String variant :
                new String[] {local.toUpperCase(java.util.Locale.ROOT) + "@EXAMPLE.COM", fullwidth, " " + fullwidth}) {
            Response again = api.post(
                            "/api/v1/auth/signup", Map.of("email", variant, "password", "the attacker's password"))
                    .send();
            assertThat(again.status()).as(variant).isEqualTo(201);
            assertUnauthorized(api.get("/api/v1/me")
                    .bearer(again.json().get("accessToken").asString())
                    .send());
        }
        assertThat(count("app_user")).isEqualTo(1);

        // Every spelling reaches the one account: its owner logs in with any, and a reset goes to the stored address.
        Response login = login(fullwidth, TestAccounts.PASSWORD);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().get("userId").asString()).isEqualTo(ada.userId());
        assertThat(api.post("/api/v1/auth/password-reset", Map.of("email", fullwidth))
                        .send()
                        .status())
                .isEqualTo(202);
        assertThat(accounts.mailedToken(local + "@example.com", "password-reset"))
                .isNotBlank();
    }

    @Test
    void caseFoldingGoesBeyondAscii() {
        String local = "stra\u00dfe-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        accounts.signUp(local + "@example.de", TestAccounts.PASSWORD);

        api.post(
                        "/api/v1/auth/signup",
                        Map.of("email", local.replace("\u00df", "SS") + "@example.de", "password", "another one 12"))
                .send();

        assertThat(count("app_user")).isEqualTo(1);
    }

    private static String toFullwidth(String ascii) {
        StringBuilder wide = new StringBuilder();
        for (char c : ascii.toCharArray()) {
            wide.append(c >= '!' && c <= '~' ? (char) (c - '!' + '\uff01') : c);
        }
        return wide.toString();
    }

    @Test
    void signUpAgainWithTheRightPasswordLogsIn() {
        Account account = accounts.signUp();

        Response again = api.post(
                        "/api/v1/auth/signup", Map.of("email", account.email(), "password", account.password()))
                .send();

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("userId").asString()).isEqualTo(account.userId());
    }

    @Test
    void repeatedFailedLoginsLockTheAccountWithA429() {
        Account account = accounts.signUp();
        for (int i = 0; i < 5; i++) {
            assertThat(login(account.email(), "wrong password").status()).isEqualTo(401);
        }

        Response locked = login(account.email(), account.password());

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.contentType()).startsWith("application/problem+json");
        assertThat(locked.json().get("type").asString()).endsWith("/login-locked");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 30L);

        clock.advance(Duration.ofSeconds(31));
        assertThat(login(account.email(), account.password()).status()).isEqualTo(200);
    }

    @Test
    void failuresBeyondTheThresholdLockForLonger() {
        String stranger = TestAccounts.uniqueEmail();
        for (int i = 0; i < 5; i++) {
            login(stranger, "wrong password");
        }
        clock.advance(Duration.ofSeconds(31));
        login(stranger, "wrong password");

        Response locked = login(stranger, "wrong password");

        assertThat(locked.status()).isEqualTo(429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(31L, 60L);
    }

    @Test
    void aPasswordResetSetsTheNewPasswordOnceAndEndsEverySession() {
        Account account = accounts.signUp();
        api.post("/api/v1/auth/password-reset", Map.of("email", account.email()))
                .send();
        String token = accounts.mailedToken(account.email(), "password-reset");

        Response confirmed = api.post(
                        "/api/v1/auth/password-reset/confirm", Map.of("token", token, "password", "a brand new secret"))
                .send();

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(204);
        assertThat(login(account.email(), account.password()).status()).isEqualTo(401);
        assertThat(login(account.email(), "a brand new secret").status()).isEqualTo(200);
        assertUnauthorized(api.get("/api/v1/me").bearer(account.accessToken()).send());
        Response reused = api.post(
                        "/api/v1/auth/password-reset/confirm", Map.of("token", token, "password", "yet another secret"))
                .send();
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("errors").get(0).get("field").asString()).isEqualTo("token");
    }

    @Test
    void anExpiredResetTokenIsRefused() {
        Account account = accounts.signUp();
        api.post("/api/v1/auth/password-reset", Map.of("email", account.email()))
                .send();
        String token = accounts.mailedToken(account.email(), "password-reset");
        clock.advance(Duration.ofMinutes(61));

        Response confirmed = api.post(
                        "/api/v1/auth/password-reset/confirm", Map.of("token", token, "password", "a brand new secret"))
                .send();

        assertThat(confirmed.status()).isEqualTo(400);
    }

    @Test
    void changingThePasswordRevokesSessions() {
        Account account = accounts.signUp();

        Response wrong = api.post(
                        "/api/v1/me/password",
                        Map.of("currentPassword", "nope nope nope", "newPassword", "x".repeat(12)))
                .bearer(account.accessToken())
                .send();
        assertThat(wrong.status()).isEqualTo(400);

        Response changed = api.post(
                        "/api/v1/me/password",
                        Map.of("currentPassword", account.password(), "newPassword", "changed password 42"))
                .bearer(account.accessToken())
                .send();

        assertThat(changed.status()).as(changed.body()).isEqualTo(204);
        assertUnauthorized(api.get("/api/v1/me").bearer(account.accessToken()).send());
        assertUnauthorized(api.post("/api/v1/auth/refresh", Map.of("refreshToken", account.refreshToken()))
                .send());
        assertThat(login(account.email(), "changed password 42").status()).isEqualTo(200);
    }

    @Test
    void theMailedTokenVerifiesTheAddress() {
        Account account = accounts.signUp();
        String token = accounts.mailedToken(account.email(), "verify-email");

        assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", token))
                        .send()
                        .status())
                .isEqualTo(204);

        assertThat(api.get("/api/v1/me")
                        .bearer(account.accessToken())
                        .send()
                        .json()
                        .get("emailVerified")
                        .asBoolean())
                .isTrue();
        assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", token))
                        .send()
                        .status())
                .isEqualTo(400);
    }

    @Test
    void theFirstVerificationPublishesEmailVerifiedAndALaterLinkDoesNot() {
        Account account = accounts.signUp();
        String first = accounts.mailedToken(account.email(), "verify-email");
        assertThat(api.post("/api/v1/me/email-verification", Map.of())
                        .bearer(account.accessToken())
                        .send()
                        .status())
                .isEqualTo(202);
        String second = accounts.mailedToken(account.email(), "verify-email");
        assertThat(second).isNotEqualTo(first);

        assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", second))
                        .send()
                        .status())
                .isEqualTo(204);
        assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", first))
                        .send()
                        .status())
                .isEqualTo(204);

        UserId user = new UserId(java.util.UUID.fromString(account.userId()));
        assertThat(events.ofType(EmailVerified.class))
                .filteredOn(verified -> verified.user().equals(user))
                .containsExactly(new EmailVerified(user, account.email()));
    }

    private Response login(String email, String password) {
        return api.post("/api/v1/auth/login", Map.of("email", email, "password", password))
                .send();
    }

    static long count(String table) {
        return JdbcClient.create(TestDatabase.dataSource())
                .sql("SELECT count(*) FROM " + table)
                .query(Long.class)
                .single();
    }
}
