package io.levqor.identity;

import static io.levqor.identity.AccountsIntegrationTests.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Bad input to identity's endpoints: a problem naming each field, and nothing stored. */
@LevqorIntegrationTest
class InputValidationIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Test
    void aSignUpWithMissingFieldsNamesThemAll() {
        assertFields(api.post("/api/v1/auth/signup", Map.of()).send(), "email", "password");
        assertThat(count("app_user")).isZero();
    }

    @Test
    void aBadAddressAndAShortPasswordAreNamed() {
        Response response = api.post("/api/v1/auth/signup", Map.of("email", "not-an-address", "password", "short"))
                .send();

        assertFields(response, "email", "password");
        assertThat(count("app_user")).isZero();
        assertThat(count("workspace")).isZero();
    }

    @Test
    void overlongFieldsAreNamed() {
        Response response = api.post(
                        "/api/v1/auth/signup",
                        Map.of(
                                "email",
                                TestAccounts.uniqueEmail(),
                                "password",
                                "long enough pw",
                                "name",
                                "n".repeat(101)))
                .send();

        assertFields(response, "name");
        assertThat(count("app_user")).isZero();
    }

    @Test
    void anOversizedBodyIsRefused() {
        Response response = api.post(
                        "/api/v1/auth/signup",
                        "{\"email\":\"a@b.example\",\"password\":\"" + "x".repeat(1_200_000) + "\"}")
                .send();

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(count("app_user")).isZero();
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        Response response = api.post("/api/v1/auth/signup", "{\"email\": [1, 2], \"password\": \"long enough pw\"}")
                .send();

        assertFields(response, "email");
        assertThat(count("app_user")).isZero();
    }

    @Test
    void invitationsAndKeysNameTheirBadFields() {
        Account owner = accounts.signUp();
        long invitations = count("invitation");

        assertFields(
                api.post("/api/v1/invitations", Map.of("email", "nope", "role", "emperor"))
                        .bearer(owner.accessToken())
                        .send(),
                "email",
                "role");
        assertFields(
                api.post("/api/v1/api-keys", Map.of("role", "viewer"))
                        .bearer(owner.accessToken())
                        .send(),
                "name");
        assertFields(
                api.patch("/api/v1/members/not-a-uuid", Map.of("role", "viewer"))
                        .bearer(owner.accessToken())
                        .send(),
                "userId");
        assertFields(
                api.post("/api/v1/auth/switch-workspace", Map.of("workspaceId", "nope"))
                        .bearer(owner.accessToken())
                        .send(),
                "workspaceId");
        assertThat(count("invitation")).isEqualTo(invitations);
        assertThat(count("api_key")).isZero();
    }

    @Test
    void loginAndRefreshNameMissingFields() {
        assertFields(
                api.post("/api/v1/auth/login", Map.of("email", "a@b.example")).send(), "password");
        assertFields(api.post("/api/v1/auth/refresh", Map.of()).send(), "refreshToken");
        assertFields(
                api.post("/api/v1/auth/password-reset/confirm", Map.of("token", "t", "password", "short"))
                        .send(),
                "password");
    }

    private static void assertFields(Response response, String... fields) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(fields);
    }
}
