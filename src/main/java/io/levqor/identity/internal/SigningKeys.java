package io.levqor.identity.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.levqor.identity.jdbc.SigningKeyRepository;
import io.levqor.identity.jdbc.SigningKeyRepository.KeyRow;
import io.levqor.privacy.PlatformEncryption;
import io.levqor.shared.Ids;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * cannot hammer the database). Private parts are stored sealed with the master key ({@link PlatformEncryption});
 * plaintext rows from before that are sealed at the first load.
 */
@Component
public class SigningKeys {

    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;
    // Bound into each sealed key with its kid: a sealed key copied onto another row does not open.
    private static final String PURPOSE = "identity.signing-key:";
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Duration RELOAD_INTERVAL = Duration.ofMinutes(1);
    private static final Duration MISS_RELOAD_GAP = Duration.ofSeconds(5);

    private final SigningKeyRepository keys;
    private final PlatformEncryption encryption;
    private final IdentitySettings settings;
    private final Clock clock;

    // The JWS verifier is built once per key: building it converts the JWK into a JCA key on every call otherwise.
    private record Verifier(
            ECKey key, JWSVerifier jws, @Nullable Instant until) {
        boolean validAt(Instant now) {
            return until == null || until.isAfter(now);
        }
    }

    private record Loaded(@Nullable ECKey signer, Map<String, Verifier> verifiers, Instant at) {}

    private volatile @Nullable Loaded loaded;

    SigningKeys(SigningKeyRepository keys, PlatformEncryption encryption, IdentitySettings settings, Clock clock) {
        this.keys = keys;
        this.encryption = encryption;
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
        return find(kid).map(Verifier::key);
    }

    /** The ready-made signature check for tokens signed by {@code kid}, while that key verifies. */
    public Optional<JWSVerifier> jwsVerifier(String kid) {
        return find(kid).map(Verifier::jws);
    }

    private Optional<Verifier> find(String kid) {
        Loaded current = ensureLoaded();
        Instant now = clock.instant();
        Verifier verifier = current.verifiers.get(kid);
        if (verifier == null && Duration.between(current.at, now).compareTo(MISS_RELOAD_GAP) > 0) {
            verifier = reload().verifiers.get(kid);
        }
        return Optional.ofNullable(verifier).filter(v -> v.validAt(now));
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
                    kid, ALGORITHM.getName(), key.toPublicJWK().toJSONString(), seal(key), now, freshSince);
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
        sealPlaintextKeys();
        List<KeyRow> rows = keys.usable(now);
        Map<String, Verifier> verifiers = rows.stream()
                .collect(Collectors.toMap(KeyRow::kid, row -> verifier(parse(row), row.verifyUntil()), (a, b) -> a));
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

    /**
     * Seals private keys still stored as plaintext (rows from before V52, or from a node not yet upgraded), and
     * re-seals those sealed under a previous master key. Runs at the first load and with every reload.
     */
    private void sealPlaintextKeys() {
        for (KeyRow row : keys.plaintext()) {
            keys.storeSealed(row.kid(), seal(parse(row)));
            log.info("Sealed the private part of signing key {} with the master key", row.kid());
        }
    }

    private byte[] seal(ECKey key) {
        return encryption.seal(PURPOSE + key.getKeyID(), key.toJSONString().getBytes(StandardCharsets.UTF_8));
    }

    private static Verifier verifier(ECKey key, @Nullable Instant until) {
        try {
            return new Verifier(key, new ECDSAVerifier(key.toECPublicKey()), until);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing key " + key.getKeyID() + " has no usable public key", e);
        }
    }

    private ECKey parse(KeyRow row) {
        try {
            byte[] sealed = row.privateKeySealed();
            if (sealed == null) {
                return ECKey.parse(Objects.requireNonNull(row.privateJwk()));
            }
            ECKey key = ECKey.parse(new String(encryption.open(PURPOSE + row.kid(), sealed), StandardCharsets.UTF_8));
            if (!encryption.sealedWithCurrentKey(sealed)) {
                // The master key was rotated: move this key onto the current one while the previous still opens it.
                keys.storeSealed(row.kid(), seal(key));
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalStateException("Signing key " + row.kid() + " is unreadable", e);
        }
    }
}
