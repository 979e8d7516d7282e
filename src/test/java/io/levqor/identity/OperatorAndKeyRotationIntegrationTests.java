package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@LevqorIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class OperatorAndKeyRotationIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    MutableClock clock;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theConfiguredAddressBecomesTheOnlyOperator() {
        Account operator = accounts.signUp();
        Account someone = accounts.signUp();

        operators.apply(operator.email());

        assertThat(api.get("/api/v1/admin/workspaces")
                        .bearer(operator.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/admin/workspaces")
                        .bearer(someone.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        Response verified = api.get("/api/v1/admin/workspaces/" + someone.workspaceId() + "/audit-verification")
                .bearer(operator.accessToken())
                .send();
        assertThat(verified.json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void aMissingOperatorAccountIsCreatedAndSentAResetMail() {
        String email = TestAccounts.uniqueEmail();

        operators.apply(email);

        String token = accounts.mailedToken(email, "password-reset");
        assertThat(api.post(
                                "/api/v1/auth/password-reset/confirm",
                                Map.of("token", token, "password", "operator password"))
                        .send()
                        .status())
                .isEqualTo(204);
        Response login = api.post("/api/v1/auth/login", Map.of("email", email, "password", "operator password"))
                .send();
        assertThat(api.get("/api/v1/admin/workspaces")
                        .bearer(login.json().get("accessToken").asString())
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aNewOperatorGetsAOneTimeSetupLinkInTheServerLogNotInAMailbox(CapturedOutput output) {
        String email = TestAccounts.uniqueEmail();

        String link = operators.apply(email).orElseThrow();

        assertThat(output.getAll()).contains(link).contains("has no password yet");
        String token = link.substring(link.indexOf("token=") + "token=".length());
        Response confirmed = api.post(
                        "/api/v1/auth/password-reset/confirm", Map.of("token", token, "password", "operator password"))
                .send();
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(204);
        Response login = api.post("/api/v1/auth/login", Map.of("email", email, "password", "operator password"))
                .send();
        assertThat(api.get("/api/v1/admin/workspaces")
                        .bearer(login.json().get("accessToken").asString())
                        .send()
                        .status())
                .isEqualTo(200);
        // Used once; and with a password chosen, the next start logs no link.
        assertThat(api.post(
                                "/api/v1/auth/password-reset/confirm",
                                Map.of("token", token, "password", "another password"))
                        .send()
                        .status())
                .isEqualTo(400);
        assertThat(operators.apply(email)).isEmpty();
    }

    @Test
    void theSetupLinkExpires() {
        String email = TestAccounts.uniqueEmail();
        String link = operators.apply(email).orElseThrow();

        clock.advance(Duration.ofHours(24).plusMinutes(1));

        String token = link.substring(link.indexOf("token=") + "token=".length());
        assertThat(api.post(
                                "/api/v1/auth/password-reset/confirm",
                                Map.of("token", token, "password", "operator password"))
                        .send()
                        .status())
                .isEqualTo(400);
        assertThat(operators.apply(email)).as("a fresh link at the next start").isPresent();
    }

    @Test
    void afterRotationOldTokensVerifyUntilTheyExpireAndNewOnesUseTheNewKey() throws Exception {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        String oldKid = SignedJWT.parse(operator.accessToken()).getHeader().getKeyID();

        Response rotated = api.post("/api/v1/admin/signing-keys/rotate", Map.of())
                .bearer(operator.accessToken())
                .send();
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newKid = rotated.json().get("kid").asString();

        assertThat(api.get("/api/v1/me").bearer(operator.accessToken()).send().status())
                .isEqualTo(200);
        assertThat(api.get("/.well-known/jwks.json").send().json().get("keys").findValuesAsString("kid"))
                .contains(oldKid, newKid);
        Account fresh = accounts.signUp();
        assertThat(SignedJWT.parse(fresh.accessToken()).getHeader().getKeyID()).isEqualTo(newKid);

        clock.advance(Duration.ofMinutes(17));
        assertThat(api.get("/.well-known/jwks.json").send().json().get("keys").findValuesAsString("kid"))
                .containsExactly(newKid);
    }
}
