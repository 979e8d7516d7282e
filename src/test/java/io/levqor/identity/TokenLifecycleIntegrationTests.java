package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@LevqorIntegrationTest
class TokenLifecycleIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    MutableClock clock;

    @Test
    void signUpLogInRefreshAndReuseRevokesTheWholeFamily() {
        Account account = accounts.signUp();
        assertThat(me(account.accessToken()).status()).isEqualTo(200);

        Response login = api.post(
                        "/api/v1/auth/login", Map.of("email", account.email(), "password", account.password()))
                .send();
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().get("workspaceId").asString()).isEqualTo(account.workspaceId());
        assertThat(login.json().get("expiresIn").asLong()).isEqualTo(900);
        String firstRefresh = login.json().get("refreshToken").asString();

        Response rotated = refresh(firstRefresh);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String secondRefresh = rotated.json().get("refreshToken").asString();
        String secondAccess = rotated.json().get("accessToken").asString();
        assertThat(secondRefresh).isNotEqualTo(firstRefresh);
        assertThat(me(secondAccess).status()).isEqualTo(200);

        Response reused = refresh(firstRefresh);
        assertUnauthorized(reused);

        assertUnauthorized(refresh(secondRefresh));
        assertUnauthorized(me(secondAccess));
        // The signup session is another family and lives on.
        assertThat(me(account.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void refreshNeverExtendsTheSessionsAbsoluteExpiry() {
        Account account = accounts.signUp();
        clock.advance(Duration.ofDays(6));
        Response rotated = refresh(account.refreshToken());
        assertThat(rotated.status()).isEqualTo(200);

        clock.advance(Duration.ofDays(1).plusMinutes(1));

        assertUnauthorized(refresh(rotated.json().get("refreshToken").asString()));
    }

    @Test
    void anExpiredAccessTokenIsRejected() {
        Account account = accounts.signUp();

        clock.advance(Duration.ofMinutes(15).plusSeconds(31));

        Response response = me(account.accessToken());
        assertUnauthorized(response);
        assertThat(response.json().get("detail").asString()).contains("expired");
    }

    @Test
    void anAccessTokenWithinTheSkewIsStillAccepted() {
        Account account = accounts.signUp();

        clock.advance(Duration.ofMinutes(15).plusSeconds(20));

        assertThat(me(account.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void aTokenSignedByAnUnknownKeyIsRejected() throws Exception {
        Account account = accounts.signUp();
        ECKey foreign = new ECKeyGenerator(Curve.P_256)
                .keyID(kidOf(account.accessToken()))
                .generate();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(foreign.getKeyID())
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                SignedJWT.parse(account.accessToken()).getJWTClaimsSet());
        forged.sign(new ECDSASigner(foreign));

        assertUnauthorized(me(forged.serialize()));

        ECKey unknown = new ECKeyGenerator(Curve.P_256).keyID("someone-elses").generate();
        SignedJWT other = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID("someone-elses")
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                SignedJWT.parse(account.accessToken()).getJWTClaimsSet());
        other.sign(new ECDSASigner(unknown));
        assertUnauthorized(me(other.serialize()));
    }

    @Test
    void aMalleatedHighSSignatureOfAValidTokenIsRejected() throws Exception {
        // (r, n - s) verifies under ECDSA as (r, s) does; Levqor issues only the low-S form and accepts nothing else.
        BigInteger n = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
        for (int i = 0; i < 6; i++) {
            Account account = accounts.signUp();
            String[] parts = account.accessToken().split("\\.");
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
            assertThat(s).as("issued tokens carry the low-S form").isLessThanOrEqualTo(n.shiftRight(1));
            assertThat(me(account.accessToken()).status()).isEqualTo(200);

            byte[] malleated = Arrays.copyOf(signature, 64);
            byte[] high = n.subtract(s).toByteArray();
            Arrays.fill(malleated, 32, 64, (byte) 0);
            int length = Math.min(high.length, 32);
            System.arraycopy(high, high.length - length, malleated, 64 - length, length);
            String forged = parts[0] + "." + parts[1] + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(malleated);

            Response response = me(forged);
            assertUnauthorized(response);
            assertThat(response.json().get("detail").asString()).contains("non-canonical signature");
        }
    }

    @Test
    void anUnsignedTokenIsRejected() throws Exception {
        Account account = accounts.signUp();
        JWTClaimsSet claims = SignedJWT.parse(account.accessToken()).getJWTClaimsSet();

        assertUnauthorized(me(new PlainJWT(claims).serialize()));
        // The same, hand-made, with the signature part left empty and a header that claims ES256's kid.
        String header =
                base64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kidOf(account.accessToken()) + "\"}");
        String body = base64(claims.toString());
        assertUnauthorized(me(header + "." + body + "."));
    }

    @Test
    void aTokenFromTheFutureIsRejected() throws Exception {
        Account account = accounts.signUp();
        clock.advance(Duration.ofMinutes(-5));
        assertUnauthorized(me(account.accessToken()));
    }

    @Test
    void theJwksPublishesTheSigningKeyWithoutItsPrivatePart() throws Exception {
        Account account = accounts.signUp();

        Response jwks = api.get("/.well-known/jwks.json").send();

        assertThat(jwks.status()).isEqualTo(200);
        JsonNode keys = jwks.json().get("keys");
        assertThat(keys.findValuesAsString("kid")).contains(kidOf(account.accessToken()));
        for (JsonNode key : keys) {
            assertThat(key.get("kty").asString()).isEqualTo("EC");
            assertThat(key.get("alg").asString()).isEqualTo("ES256");
            assertThat(key.has("d")).isFalse();
        }
    }

    @Test
    void logoutRevokesTheSessionAndItsAccessToken() {
        Account account = accounts.signUp();

        Response logout = api.post("/api/v1/auth/logout", Map.of("refreshToken", account.refreshToken()))
                .send();

        assertThat(logout.status()).isEqualTo(204);
        assertUnauthorized(refresh(account.refreshToken()));
        assertUnauthorized(me(account.accessToken()));
    }

    @Test
    void anApiKeyWorksLikeATokenUntilRevoked() {
        Account owner = accounts.signUp();
        String key = accounts.apiKey(owner, Role.ADMIN);

        Response members = api.get("/api/v1/members").bearer(key).send();
        assertThat(members.status()).as(members.body()).isEqualTo(200);
        JsonNode listed = api.get("/api/v1/api-keys")
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("items");
        assertThat(listed.get(0).get("lastUsedAt").isNull()).isFalse();
        assertThat(listed.get(0).has("key")).isFalse();

        String id = listed.get(0).get("id").asString();
        assertThat(api.delete("/api/v1/api-keys/" + id)
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(204);

        assertUnauthorized(api.get("/api/v1/members").bearer(key).send());
    }

    @Test
    void unauthenticatedApiCallsAreAnsweredWithAProblemNotARedirect() {
        Response response = api.get("/api/v1/members").send();

        assertUnauthorized(response);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertUnauthorized(api.get("/api/v1/no-such-endpoint").send());
        assertUnauthorized(api.get("/api/v1/members").bearer("lvq_nonsense").send());
        assertUnauthorized(api.get("/api/v1/members").bearer("not.a.jwt").send());
    }

    @Test
    void switchingWorkspaceGivesATokenForTheOtherWorkspace() {
        Account account = accounts.signUp();
        Response created = api.post("/api/v1/workspaces", Map.of("name", "Second"))
                .bearer(account.accessToken())
                .send();
        assertThat(created.status()).isEqualTo(201);
        String second = created.json().get("id").asString();

        Response switched = api.post("/api/v1/auth/switch-workspace", Map.of("workspaceId", second))
                .bearer(account.accessToken())
                .send();

        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        JsonNode me = me(switched.json().get("accessToken").asString()).json();
        assertThat(me.get("workspaceId").asString()).isEqualTo(second);
        assertThat(me.get("workspaces")).hasSize(2);
        assertUnauthorized(api.post("/api/v1/auth/switch-workspace", Map.of("workspaceId", second))
                .send());
    }

    private Response me(String token) {
        return api.get("/api/v1/me").bearer(token).send();
    }

    private Response refresh(String refreshToken) {
        return api.post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken))
                .send();
    }

    static void assertUnauthorized(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static String kidOf(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getHeader().getKeyID();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
    }

    static JsonMapper json() {
        return JsonMapper.builder().build();
    }
}
