package io.levqor.privacy.jdbc;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The platform's one master-key check value, and which master keys the stored data keys are wrapped by. */
@Repository
public class MasterKeyCheckRepository {

    /** The stored check: the master key's id and the HMAC of a constant under it. */
    public record Stored(String masterKeyId, byte[] checkValue) {}

    private final JdbcClient jdbc;

    public MasterKeyCheckRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Stored> find() {
        return jdbc.sql("SELECT master_key_id, check_value FROM privacy_master_key_check")
                .query((rs, row) -> new Stored(rs.getString("master_key_id"), rs.getBytes("check_value")))
                .optional();
    }

    // Nodes starting at once on an empty database race here: the first insert wins, the others compare with it.
    private static final String INSERT_IF_NONE = """
            INSERT INTO privacy_master_key_check (master_key_id, check_value)
            VALUES (:masterKeyId, :checkValue)
            ON CONFLICT (singleton) DO NOTHING
            """;

    public void insertIfNone(String masterKeyId, byte[] checkValue) {
        jdbc.sql(INSERT_IF_NONE)
                .param("masterKeyId", masterKeyId)
                .param("checkValue", checkValue)
                .update();
    }

    // Conditional on the key it replaces, so that two nodes moving it on at once cannot interleave.
    private static final String REPLACE = """
            UPDATE privacy_master_key_check
               SET master_key_id = :masterKeyId, check_value = :checkValue, updated_at = now()
             WHERE master_key_id = :previousMasterKeyId
            """;

    public void replace(String previousMasterKeyId, String masterKeyId, byte[] checkValue) {
        jdbc.sql(REPLACE)
                .param("previousMasterKeyId", previousMasterKeyId)
                .param("masterKeyId", masterKeyId)
                .param("checkValue", checkValue)
                .update();
    }

    // Platform-wide on purpose: every workspace's data keys must be readable by this node. Reads the index only.
    private static final String MASTER_KEYS_IN_USE = """
            SELECT DISTINCT master_key_id FROM privacy_data_key ORDER BY master_key_id
            """;

    /** The master keys that wrap at least one stored data key. */
    public List<String> masterKeysInUse() {
        return jdbc.sql(MASTER_KEYS_IN_USE).query(String.class).list();
    }
}
