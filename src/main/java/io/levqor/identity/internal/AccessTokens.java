package io.levqor.identity.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.levqor.shared.Ids;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.math.BigInteger;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Issues and checks access tokens: ES256 JWTs (typ {@code at+jwt}) naming the user ({@code sub}), the workspace
 * ({@code wid}) and the session ({@code sid}). The algorithm is pinned: anything but ES256 — {@code none} included
 * — is refused before any key is looked at, and so is a high-S (malleated) signature. Times are checked with
 * {@code levqor.identity.clock-skew}.
 */
@Component
public class AccessTokens {

    /** What a valid access token says. */
    public record Claims(UserId user, WorkspaceId workspace, UUID session) {}

    /** A token that does not verify; the message says why (for logs and the 401 detail). */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    // The order n of P-256. For an ECDSA signature (r, s), (r, n - s) verifies too: a second valid encoding of one
    // token that the holder can make without the key. Only the low half (s <= n/2) is issued and accepted.
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final BigInteger HALF_ORDER = P256_ORDER.shiftRight(1);
    private static final int COORDINATE = 32;

    /** A token whose signature and claims checked out; only the times are checked again on each use. */
    private record Checked(String kid, Instant expires, Instant issued, Claims claims) {}

    private final SigningKeys keys;
    private final IdentitySettings settings;
    private final PlatformSettings platform;
    private final Clock clock;
    // An ECDSA check costs more than the rest of an authenticated request; a client repeats one token for up to
    // its lifetime. Keyed by the whole token: only the exact bytes that verified once hit. Whether the session and
    // membership are still live is not cached (BearerTokenFilter asks the database on every request).
    private final Cache<String, Checked> verifiedTokens;

    AccessTokens(SigningKeys keys, IdentitySettings settings, PlatformSettings platform, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.platform = platform;
        this.clock = clock;
        this.verifiedTokens = Caffeine.newBuilder()
                .maximumSize(20_000)
                .expireAfterWrite(settings.accessTokenTtl().plus(settings.clockSkew()))
                .build();
    }

    public String issue(UserId user, WorkspaceId workspace, UUID session) {
        Instant now = clock.instant();
        ECKey key = keys.signer();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(user.value().toString())
                .claim("wid", workspace.value().toString())
                .claim("sid", session.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.accessTokenTtl())))
                .jwtID(Ids.newId(now.toEpochMilli()).toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(SigningKeys.ALGORITHM)
                        .keyID(key.getKeyID())
                        .type(TYPE)
                        .build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an access token", e);
        }
        String signed = jwt.serialize();
        return signed.substring(0, signed.lastIndexOf('.') + 1)
                + Base64URL.encode(lowS(jwt.getSignature().decode()));
    }

    // The JWS form of an ES256 signature is r || s, 32 bytes each; the JCA signer picks either half for s.
    static byte[] lowS(byte[] signature) {
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, COORDINATE, 2 * COORDINATE));
        if (s.compareTo(HALF_ORDER) <= 0) {
            return signature;
        }
        byte[] low = Arrays.copyOf(signature, signature.length);
        byte[] flipped = P256_ORDER.subtract(s).toByteArray();
        Arrays.fill(low, COORDINATE, 2 * COORDINATE, (byte) 0);
        int length = Math.min(flipped.length, COORDINATE);
        System.arraycopy(flipped, flipped.length - length, low, 2 * COORDINATE - length, length);
        return low;
    }

    static boolean isLowS(byte[] signature) {
        return signature.length == 2 * COORDINATE
                && new BigInteger(1, Arrays.copyOfRange(signature, COORDINATE, 2 * COORDINATE)).compareTo(HALF_ORDER)
                        <= 0;
    }

    public long expiresInSeconds() {
        return settings.accessTokenTtl().toSeconds();
    }

    public Claims verify(String token) throws Invalid {
        Checked checked = verifiedTokens.getIfPresent(token);
        if (checked == null) {
            checked = check(token);
            verifiedTokens.put(token, checked);
        } else if (keys.jwsVerifier(checked.kid()).isEmpty()) {
            // The key has since stopped verifying (its verify-until passed): the remembered check no longer holds.
            verifiedTokens.invalidate(token);
            throw new Invalid("signed by an unknown key");
        }
        Instant now = clock.instant();
        if (!now.minus(settings.clockSkew()).isBefore(checked.expires())) {
            throw new Invalid("expired");
        }
        if (checked.issued().isAfter(now.plus(settings.clockSkew()))) {
            throw new Invalid("issued in the future");
        }
        return checked.claims();
    }

    // Signature, header and claim shape: all that does not depend on the time.
    private Checked check(String token) throws Invalid {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new Invalid("not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!SigningKeys.ALGORITHM.equals(header.getAlgorithm())) {
            throw new Invalid("algorithm " + header.getAlgorithm() + " is not accepted");
        }
        if (!TYPE.equals(header.getType())) {
            throw new Invalid("not an access token");
        }
        String kid = header.getKeyID();
        if (kid == null) {
            throw new Invalid("no key id");
        }
        if (!isLowS(jwt.getSignature().decode())) {
            throw new Invalid("non-canonical signature");
        }
        JWSVerifier verifier = keys.jwsVerifier(kid).orElseThrow(() -> new Invalid("signed by an unknown key"));
        try {
            if (!jwt.verify(verifier)) {
                throw new Invalid("bad signature");
            }
        } catch (JOSEException e) {
            throw new Invalid("bad signature");
        }
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!issuer().equals(claims.getIssuer())) {
                throw new Invalid("wrong issuer");
            }
            Date expires = claims.getExpirationTime();
            Date issued = claims.getIssueTime();
            if (expires == null || issued == null) {
                throw new Invalid("no expiry");
            }
            return new Checked(
                    kid,
                    expires.toInstant(),
                    issued.toInstant(),
                    new Claims(
                            new UserId(UUID.fromString(claims.getSubject())),
                            new WorkspaceId(UUID.fromString(claims.getStringClaim("wid"))),
                            UUID.fromString(claims.getStringClaim("sid"))));
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            throw new Invalid("malformed claims");
        }
    }

    private String issuer() {
        return platform.url("/");
    }
}
