package io.levqor.identity.jdbc;

import io.levqor.identity.internal.Checks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Migration V61 (identity): {@code app_user.email_key}, the normalised address ({@link Checks#emailKey}) that is
 * unique, so look-alike addresses (fullwidth letters, ß, other case forms) cannot make separate accounts. It is
 * Java because the key must be computed exactly as the application computes it: PostgreSQL's {@code lower()}
 * folds only ASCII under the C locale. Addresses that already collide are kept, never deleted: the oldest account
 * keeps the address; each later one gets a key that no address can produce ({@code duplicate:<id>:<key>}), so it
 * can no longer log in by that address, and is named in the log for the operator to merge or delete.
 */
@Component
public class EmailKeyMigration implements JavaMigration {

    private static final Logger log = LoggerFactory.getLogger(EmailKeyMigration.class);

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("61");
    }

    @Override
    public String getDescription() {
        return "identity email key";
    }

    @Override
    public Integer getChecksum() {
        return 61_001;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        migrate(context.getConnection());
    }

    /** The migration on a connection whose search path holds {@code app_user}; tests run it on a scratch schema. */
    public static List<UUID> migrate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE app_user ADD COLUMN email_key text");
        }
        List<UUID> duplicates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("SELECT id, email FROM app_user ORDER BY created_at, id");
                PreparedStatement update =
                        connection.prepareStatement("UPDATE app_user SET email_key = ? WHERE id = ?")) {
            int batched = 0;
            while (rows.next()) {
                UUID id = rows.getObject("id", UUID.class);
                String key = Checks.emailKey(rows.getString("email"));
                if (!seen.add(key)) {
                    duplicates.add(id);
                    key = "duplicate:" + id + ":" + key;
                }
                update.setString(1, key);
                update.setObject(2, id);
                update.addBatch();
                if (++batched % 1000 == 0) {
                    update.executeBatch();
                }
            }
            update.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE app_user ALTER COLUMN email_key SET NOT NULL");
            statement.execute("CREATE UNIQUE INDEX app_user_email_key_uq ON app_user (email_key)");
        }
        if (!duplicates.isEmpty()) {
            log.warn(
                    "{} accounts had an address that another, older account has in a look-alike spelling; they are "
                            + "kept but cannot log in by it (email_key 'duplicate:…'). Merge or delete them: {}",
                    duplicates.size(),
                    duplicates);
        }
        return duplicates;
    }
}
