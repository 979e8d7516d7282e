package io.levqor.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.levqor.identity.jdbc.SigningKeyRepository;
import io.levqor.privacy.PlatformEncryption;
import io.levqor.shared.PlatformSettings;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
class SigningKeySealingIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    SigningKeys signingKeys;

    @Autowired
    SigningKeyRepository repository;

    @Autowired
    PlatformEncryption encryption;

    @Autowired
    IdentitySettings settings;

    @Autowired
    PlatformSettings platform;

    @Autowired
    MutableClock clock;

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

    @Test
    void noPrivateKeyIsStoredInTheClear() throws Exception {
        Account account = accounts.signUp();
        String kid = SignedJWT.parse(account.accessToken()).getHeader().getKeyID();

        List<Map<String, Object>> rows = jdbc.sql("SELECT kid, private_jwk, private_key_sealed FROM signing_key")
                .query()
                .listOfRows();

        assertThat(rows).extracting(row -> row.get("kid")).contains(kid);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("private_jwk")).isNull();
            byte[] sealed = (byte[]) row.get("private_key_sealed");
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("\"d\"", "\"kty\"", "P-256");
        });
    }

    @Test
    void aKeyStoredInTheClearBeforeSealingIsSealedOnLoadAndKeepsVerifying() throws Exception {
        ECKey legacy = new ECKeyGenerator(Curve.P_256)
                .keyID("legacy-" + UUID.randomUUID())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(SigningKeys.ALGORITHM)
                .generate();
        // As V10 stored keys: a plaintext JWK. Retired (but verifying), so it does not take over signing elsewhere.
        jdbc.sql("""
                        INSERT INTO signing_key (kid, algorithm, public_jwk, private_jwk, created_at, retired_at,
                                                 verify_until)
                        VALUES (:kid, 'ES256', :publicJwk, :privateJwk, :now, :now, :until)
                        """)
                .param("kid", legacy.getKeyID())
                .param("publicJwk", legacy.toPublicJWK().toJSONString())
                .param("privateJwk", legacy.toJSONString())
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .param("until", clock.instant().plusSeconds(3600).atOffset(ZoneOffset.UTC))
                .update();

        signingKeys.rotateIfDue(); // a fresh key exists, so no new one: just the reload every node does

        Map<String, Object> row = jdbc.sql("SELECT private_jwk, private_key_sealed FROM signing_key WHERE kid = :kid")
                .param("kid", legacy.getKeyID())
                .query()
                .singleRow();
        assertThat(row.get("private_jwk")).isNull();
        String sealed = new String((byte[]) row.get("private_key_sealed"), StandardCharsets.ISO_8859_1);
        assertThat(sealed).doesNotContain(legacy.getD().toString(), "\"d\"");

        // A token signed with the legacy key (claims of a real session) is accepted.
        Account account = accounts.signUp();
        JWTClaimsSet claims = SignedJWT.parse(account.accessToken()).getJWTClaimsSet();
        SignedJWT token = new SignedJWT(
                new JWSHeader.Builder(SigningKeys.ALGORITHM)
                        .keyID(legacy.getKeyID())
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                claims);
        token.sign(new ECDSASigner(legacy));
        // As Levqor signs: the low-S form (a high-S signature is refused as malleated).
        String serialized = token.serialize();
        String legacySigned = serialized.substring(0, serialized.lastIndexOf('.') + 1)
                + Base64URL.encode(AccessTokens.lowS(token.getSignature().decode()));
        assertThat(api.get("/api/v1/me").bearer(legacySigned).send().status()).isEqualTo(200);

        // A node starting now (or this one after a restart) opens the sealed key and accepts the token.
        SigningKeys restarted = new SigningKeys(repository, encryption, settings, clock);
        assertThat(restarted.verifier(legacy.getKeyID()).orElseThrow().getD()).isEqualTo(legacy.getD());
        assertThat(new AccessTokens(restarted, settings, platform, clock)
                        .verify(legacySigned)
                        .user()
                        .value()
                        .toString())
                .isEqualTo(account.userId());

        // After a rotation the legacy-signed token still verifies; new tokens verify on a fresh node too.
        signingKeys.rotate();
        assertThat(api.get("/api/v1/me").bearer(legacySigned).send().status()).isEqualTo(200);
        Account later = accounts.signUp();
        assertThat(new AccessTokens(new SigningKeys(repository, encryption, settings, clock), settings, platform, clock)
                        .verify(later.accessToken())
                        .workspace()
                        .value()
                        .toString())
                .isEqualTo(later.workspaceId());
    }
}
