package io.levqor.identity.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.levqor.identity.jdbc.SigningKeyRepository;
import io.levqor.identity.jdbc.SigningKeyRepository.KeyRow;
import io.levqor.shared.Ids;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The ES256 keys that sign access tokens, kept in the database so every node signs and verifies alike. The newest
 * unretired key signs; a retired key keeps verifying until every token it signed has expired. Nodes reload the
 * set every minute and when a token names a key they do not know (at most every few seconds, so forged key ids
 * cannot hammer the database).
 */
@Component
public class SigningKeys {

    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Duration RELOAD_INTERVAL = Duration.ofMinutes(1);
    private static final Duration MISS_RELOAD_GAP = Duration.ofSeconds(5);

    private final SigningKeyRepository keys;
    private final IdentitySettings settings;
    private final Clock clock;

    private record Verifier(ECKey key, @Nullable Instant until) {
        boolean validAt(Instant now) {
            return until == null || until.isAfter(now);
        }
    }

    private record Loaded(@Nullable ECKey signer, Map<String, Verifier> verifiers, Instant at) {}

    private volatile @Nullable Loaded loaded;

    SigningKeys(SigningKeyRepository keys, IdentitySettings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    public ECKey signer() {
        Loaded current = ensureLoaded();
        if (current.signer == null) {
            rotateIfDue();
            current = ensureLoaded();
        }
        if (current.signer == null) {
            throw new IllegalStateException("No signing key available");
        }
        return current.signer;
    }

    public Optional<ECKey> verifier(String kid) {
        Loaded current = ensureLoaded();
        Instant now = clock.instant();
        Verifier verifier = current.verifiers.get(kid);
        if (verifier == null && Duration.between(current.at, now).compareTo(MISS_RELOAD_GAP) > 0) {
            verifier = reload().verifiers.get(kid);
        }
        return Optional.ofNullable(verifier).filter(v -> v.validAt(now)).map(Verifier::key);
    }

    /** The public keys that verify tokens now, as served at /.well-known/jwks.json. */
    public JWKSet publicKeys() {
        Instant now = clock.instant();
        return new JWKSet(ensureLoaded().verifiers.values().stream()
                .filter(v -> v.validAt(now))
                .map(v -> v.key().toPublicJWK())
                .map(k -> (com.nimbusds.jose.jwk.JWK) k)
                .toList());
    }

    /** Starts signing with a new key now; the old ones verify until their tokens have expired. */
    public synchronized String rotate() {
        Instant now = clock.instant();
        String kid = insertNewKey(now, now.plusSeconds(1));
        retireOthers(kid, now);
        reload();
        return kid;
    }

    /** Rotates when the signing key is older than {@code levqor.identity.key-rotation} (or there is none). */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public synchronized void rotateIfDue() {
        Instant now = clock.instant();
        String kid = insertNewKey(now, now.minus(settings.keyRotation()));
        if (kid != null) {
            retireOthers(kid, now);
            log.info("Access tokens are now signed with key {}", kid);
        }
        reload();
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void refresh() {
        reload();
    }

    private @Nullable String insertNewKey(Instant now, Instant freshSince) {
        try {
            String kid = Ids.newId(now.toEpochMilli()).toString();
            ECKey key = new ECKeyGenerator(Curve.P_256)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(ALGORITHM)
                    .generate();
            boolean inserted = keys.insertUnlessFresh(
                    kid, ALGORITHM.getName(), key.toPublicJWK().toJSONString(), key.toJSONString(), now, freshSince);
            return inserted ? kid : null;
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an EC key", e);
        }
    }

    private void retireOthers(String kid, Instant now) {
        // A lagging node may sign with the old key until its next reload; its tokens must still verify.
        Instant verifyUntil =
                now.plus(settings.accessTokenTtl()).plus(settings.clockSkew()).plus(RELOAD_INTERVAL);
        keys.retireAllBut(kid, now, verifyUntil);
    }

    private Loaded ensureLoaded() {
        Loaded current = loaded;
        if (current == null) {
            current = reload();
            if (current.signer == null) {
                rotateIfDue();
                current = loaded;
            }
        }
        return current;
    }

    private Loaded reload() {
        Instant now = clock.instant();
        List<KeyRow> rows = keys.usable(now);
        Map<String, Verifier> verifiers = rows.stream()
                .collect(
                        Collectors.toMap(KeyRow::kid, row -> new Verifier(parse(row), row.verifyUntil()), (a, b) -> a));
        ECKey signer = rows.stream()
                .filter(row -> row.retiredAt() == null)
                .findFirst()
                .map(KeyRow::kid)
                .map(kid -> verifiers.get(kid).key())
                .orElse(null);
        Loaded fresh = new Loaded(signer, Map.copyOf(verifiers), now);
        loaded = fresh;
        return fresh;
    }

    private static ECKey parse(KeyRow row) {
        try {
            return ECKey.parse(row.privateJwk());
        } catch (ParseException e) {
            throw new IllegalStateException("Signing key " + row.kid() + " is unreadable", e);
        }
    }
}
