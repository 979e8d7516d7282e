package io.levqor.identity.jdbc;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Token signing keys as JWKs: the newest unretired one signs; unexpired ones verify. */
@Repository
public class SigningKeyRepository {

    /** A key as stored: its private part sealed, or (written before V52, until sealed at start) a plaintext JWK. */
    public record KeyRow(
            String kid,
            String algorithm,
            String publicJwk,
            @Nullable String privateJwk,
            byte @Nullable [] privateKeySealed,
            Instant createdAt,
            @Nullable Instant retiredAt,
            @Nullable Instant verifyUntil) {}

    private final JdbcClient jdbc;

    SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // Guarded insert: when several nodes decide to rotate at once, only one new key lands.
    private static final String INSERT_UNLESS_FRESH = """
            INSERT INTO signing_key (kid, algorithm, public_jwk, private_key_sealed, created_at)
            SELECT :kid, :algorithm, :publicJwk, :sealed, :now
             WHERE NOT EXISTS (SELECT 1 FROM signing_key WHERE retired_at IS NULL AND created_at > :freshSince)
            """;

    public boolean insertUnlessFresh(
            String kid, String algorithm, String publicJwk, byte[] sealed, Instant now, Instant freshSince) {
        return jdbc.sql(INSERT_UNLESS_FRESH)
                        .param("kid", kid)
                        .param("algorithm", algorithm)
                        .param("publicJwk", publicJwk)
                        .param("sealed", sealed)
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
                        SELECT kid, algorithm, public_jwk, private_jwk, private_key_sealed, created_at, retired_at,
                               verify_until
                          FROM signing_key
                         WHERE verify_until IS NULL OR verify_until > :now
                         ORDER BY created_at DESC, kid
                        """)
                .param("now", Sql.utc(now))
                .query(SigningKeyRepository::row)
                .list();
    }

    /** Keys whose private part is still plaintext (written before V52, or by a node not yet upgraded). */
    public List<KeyRow> plaintext() {
        return jdbc.sql("""
                        SELECT kid, algorithm, public_jwk, private_jwk, private_key_sealed, created_at, retired_at,
                               verify_until
                          FROM signing_key WHERE private_jwk IS NOT NULL
                        """).query(SigningKeyRepository::row).list();
    }

    /** Replaces a key's private part (plaintext, or sealed under an older master key) with {@code sealed}. */
    public void storeSealed(String kid, byte[] sealed) {
        int updated = jdbc.sql("""
                        UPDATE signing_key SET private_key_sealed = :sealed, private_jwk = NULL WHERE kid = :kid
                        """).param("kid", kid).param("sealed", sealed).update();
        if (updated != 1) {
            throw new IllegalStateException("Signing key " + kid + " does not exist");
        }
    }

    private static KeyRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new KeyRow(
                rs.getString("kid"),
                rs.getString("algorithm"),
                rs.getString("public_jwk"),
                rs.getString("private_jwk"),
                rs.getBytes("private_key_sealed"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "retired_at"),
                Sql.instant(rs, "verify_until"));
    }
}
