package io.levqor.identity.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.levqor.shared.Ids;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Issues and checks access tokens: ES256 JWTs (typ {@code at+jwt}) naming the user ({@code sub}), the workspace
 * ({@code wid}) and the session ({@code sid}). The algorithm is pinned: anything but ES256 — {@code none} included
 * — is refused before any key is looked at. Times are checked with {@code levqor.identity.clock-skew}.
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

    private final SigningKeys keys;
    private final IdentitySettings settings;
    private final PlatformSettings platform;
    private final Clock clock;

    AccessTokens(SigningKeys keys, IdentitySettings settings, PlatformSettings platform, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.platform = platform;
        this.clock = clock;
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
        return jwt.serialize();
    }

    public long expiresInSeconds() {
        return settings.accessTokenTtl().toSeconds();
    }

    public Claims verify(String token) throws Invalid {
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
        ECKey key = keys.verifier(kid).orElseThrow(() -> new Invalid("signed by an unknown key"));
        try {
            if (!jwt.verify(new ECDSAVerifier(key.toECPublicKey()))) {
                throw new Invalid("bad signature");
            }
        } catch (JOSEException e) {
            throw new Invalid("bad signature");
        }
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            if (!issuer().equals(claims.getIssuer())) {
                throw new Invalid("wrong issuer");
            }
            Date expires = claims.getExpirationTime();
            Date issued = claims.getIssueTime();
            if (expires == null || issued == null) {
                throw new Invalid("no expiry");
            }
            if (!now.minus(settings.clockSkew()).isBefore(expires.toInstant())) {
                throw new Invalid("expired");
            }
            if (issued.toInstant().isAfter(now.plus(settings.clockSkew()))) {
                throw new Invalid("issued in the future");
            }
            return new Claims(
                    new UserId(UUID.fromString(claims.getSubject())),
                    new WorkspaceId(UUID.fromString(claims.getStringClaim("wid"))),
                    UUID.fromString(claims.getStringClaim("sid")));
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            throw new Invalid("malformed claims");
        }
    }

    private String issuer() {
        return platform.url("/");
    }
}
