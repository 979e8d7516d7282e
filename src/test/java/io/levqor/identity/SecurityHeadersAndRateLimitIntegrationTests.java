package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestRateLimitTiers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class SecurityHeadersAndRateLimitIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    TestRateLimitTiers tiers;

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (Response response : new Response[] {
            api.get("/health").send(),
            api.get("/api/v1/members").send(),
            api.get("/no-such-page").send(),
            api.get("/.well-known/jwks.json").send()
        }) {
            assertThat(response.header("Content-Security-Policy"))
                    .contains("default-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("script-src 'self' 'unsafe-inline'");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
            assertThat(response.header("Permissions-Policy")).contains("camera=()");
            assertThat(response.header("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
            assertThat(response.header("Strict-Transport-Security")).isNull();
        }
    }

    @Test
    void hstsIsSentBehindAProxyThatSaysHttps() {
        Response response =
                api.get("/health").header("X-Forwarded-Proto", "https").send();

        assertThat(response.header("Strict-Transport-Security")).startsWith("max-age=");
    }

    @Test
    void corsIsOffByDefault() {
        Response response = api.get("/api/v1/members")
                .header("Origin", "https://evil.example")
                .send();

        assertThat(response.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void answersCarryRateLimitHeadersAndTheLimitAnswers429() {
        Account owner = accounts.signUp();
        tiers.put(owner.workspaceId(), "tiny");

        for (int i = 5; i > 0; i--) {
            Response response =
                    api.get("/api/v1/me").bearer(owner.accessToken()).send();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-RateLimit-Limit")).isEqualTo("5");
            assertThat(response.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(i - 1));
            assertThat(Long.parseLong(response.header("X-RateLimit-Reset"))).isBetween(1L, 60L);
            assertThat(response.header("RateLimit-Policy")).isEqualTo("\"tiny\";q=5;w=60");
            assertThat(response.header("RateLimit")).startsWith("\"tiny\";r=" + (i - 1) + ";t=");
        }

        Response refused = api.get("/api/v1/me").bearer(owner.accessToken()).send();

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/rate-limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void eachApiKeyHasItsOwnBucket() {
        Account owner = accounts.signUp();
        tiers.put(owner.workspaceId(), "tiny");
        String key = accounts.apiKey(owner, Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            api.get("/api/v1/members").bearer(key).send();
        }

        assertThat(api.get("/api/v1/members").bearer(key).send().status()).isEqualTo(429);
        assertThat(api.get("/api/v1/members").bearer(owner.accessToken()).send().status())
                .isEqualTo(200);
    }

    @Test
    void authEndpointsHaveTheirOwnPolicy() {
        Response response = api.post("/api/v1/auth/password-reset", Map.of("email", TestAccounts.uniqueEmail()))
                .send();

        assertThat(response.header("RateLimit-Policy")).startsWith("\"auth\";");
    }
}
