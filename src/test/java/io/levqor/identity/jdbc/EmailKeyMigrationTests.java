package io.levqor.identity.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * V61 on a database that already has look-alike accounts: it must not fail, must delete nothing, and must leave the
 * oldest account with the address. Runs on a scratch schema of the test PostgreSQL, not on the shared tables.
 */
class EmailKeyMigrationTests {

    @Test
    void existingLookAlikesAreKeptAndTheOldestKeepsTheAddress() throws Exception {
        UUID oldest = UUID.randomUUID();
        UUID fullwidth = UUID.randomUUID();
        UUID sharpS = UUID.randomUUID();
        UUID upperSs = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String schema = "v61_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = TestDatabase.dataSource().getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
                statement.execute("SET search_path TO " + schema);
                statement.execute("""
                        CREATE TABLE app_user (id uuid PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL);
                        CREATE UNIQUE INDEX app_user_email_uq ON app_user (email);
                        """);
            }
            insert(connection, fullwidth, "ａｄａ@example.com", 2);
            insert(connection, oldest, "ada@example.com", 1);
            insert(connection, sharpS, "straße@example.de", 3);
            insert(connection, upperSs, "strasse@example.de", 4);
            insert(connection, other, "grace@example.com", 5);

            List<UUID> duplicates = EmailKeyMigration.migrate(connection);

            assertThat(duplicates).containsExactlyInAnyOrder(fullwidth, upperSs);
            Map<UUID, String> keys = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT id, email_key FROM app_user")) {
                while (rows.next()) {
                    keys.put(rows.getObject(1, UUID.class), rows.getString(2));
                }
            }
            assertThat(keys).hasSize(5);
            assertThat(keys.get(oldest)).isEqualTo("ada@example.com");
            assertThat(keys.get(fullwidth)).isEqualTo("duplicate:" + fullwidth + ":ada@example.com");
            assertThat(keys.get(sharpS)).isEqualTo("strasse@example.de");
            assertThat(keys.get(upperSs)).startsWith("duplicate:");
            assertThat(keys.get(other)).isEqualTo("grace@example.com");
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET search_path TO public");
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static void insert(Connection connection, UUID id, String email, int minute) throws Exception {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO app_user (id, email, created_at) VALUES (?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, email);
            insert.setObject(3, OffsetDateTime.of(2026, 1, 1, 0, minute, 0, 0, ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }
}
