package io.levqor.identity.jdbc;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Token signing keys as JWKs: the newest unretired one signs; unexpired ones verify. */
@Repository
public class SigningKeyRepository {

    /** A key as stored. */
    public record KeyRow(
            String kid,
            String algorithm,
            String publicJwk,
            String privateJwk,
            Instant createdAt,
            @Nullable Instant retiredAt,
            @Nullable Instant verifyUntil) {}

    private final JdbcClient jdbc;

    SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // Guarded insert: when several nodes decide to rotate at once, only one new key lands.
    private static final String INSERT_UNLESS_FRESH = """
            INSERT INTO signing_key (kid, algorithm, public_jwk, private_jwk, created_at)
            SELECT :kid, :algorithm, :publicJwk, :privateJwk, :now
             WHERE NOT EXISTS (SELECT 1 FROM signing_key WHERE retired_at IS NULL AND created_at > :freshSince)
            """;

    public boolean insertUnlessFresh(
            String kid, String algorithm, String publicJwk, String privateJwk, Instant now, Instant freshSince) {
        return jdbc.sql(INSERT_UNLESS_FRESH)
                        .param("kid", kid)
                        .param("algorithm", algorithm)
                        .param("publicJwk", publicJwk)
                        .param("privateJwk", privateJwk)
                        .param("now", Sql.utc(now))
                        .param("freshSince", Sql.utc(freshSince))
                        .update()
                == 1;
    }

    /** Retires every signing key but {@code kid}; they still verify until {@code verifyUntil}. */
    public int retireAllBut(String kid, Instant now, Instant verifyUntil) {
        return jdbc.sql("""
                        UPDATE signing_key SET retired_at = :now, verify_until = :verifyUntil
                         WHERE kid <> :kid AND retired_at IS NULL AND created_at <= :createdBefore
                        """)
                .param("kid", kid)
                .param("now", Sql.utc(now))
                .param("verifyUntil", Sql.utc(verifyUntil))
                .param("createdBefore", Sql.utc(now))
                .update();
    }

    public List<KeyRow> usable(Instant now) {
        return jdbc.sql("""
                        SELECT kid, algorithm, public_jwk, private_jwk, created_at, retired_at, verify_until
                          FROM signing_key
                         WHERE verify_until IS NULL OR verify_until > :now
                         ORDER BY created_at DESC, kid
                        """)
                .param("now", Sql.utc(now))
                .query((rs, n) -> new KeyRow(
                        rs.getString("kid"),
                        rs.getString("algorithm"),
                        rs.getString("public_jwk"),
                        rs.getString("private_jwk"),
                        Sql.instant(rs, "created_at"),
                        Sql.instant(rs, "retired_at"),
                        Sql.instant(rs, "verify_until")))
                .list();
    }
}
