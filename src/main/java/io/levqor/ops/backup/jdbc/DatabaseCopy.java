package io.levqor.ops.backup.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Whole-database copies over one JDBC connection: a read-only repeatable-read snapshot that streams each table with
 * {@code COPY … TO STDOUT (FORMAT binary)}, and a loader that fills a database of the same schema version with
 * {@code COPY … FROM STDIN} in one transaction. Table names come from the catalog and are quoted; a name read from an
 * archive is used only if the target has that table.
 */
public final class DatabaseCopy {

    private static final String TABLES = """
            SELECT c.relname
              FROM pg_class c
             WHERE c.relnamespace = current_schema()::regnamespace
               AND c.relkind = 'r'
               AND c.relname <> 'flyway_schema_history'
             ORDER BY c.relname
            """;

    private static final String SCHEMA_VERSION = """
            SELECT version FROM flyway_schema_history
             WHERE success AND version IS NOT NULL
             ORDER BY installed_rank DESC
             LIMIT 1
            """;

    private static final String FOREIGN_KEYS = """
            SELECT c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid)
              FROM pg_constraint c
             WHERE c.contype = 'f'
               AND c.connamespace = current_schema()::regnamespace
             ORDER BY c.conrelid::regclass::text, c.conname
            """;

    private static final String IDENTITY_COLUMNS = """
            SELECT quote_ident(table_name), quote_ident(column_name),
                   pg_get_serial_sequence(quote_ident(table_name), column_name)
              FROM information_schema.columns
             WHERE table_schema = current_schema()
               AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
            """;

    /**
     * The archive entry, written before every table, that lists the schema's partitions (created at run time, e.g.
     * analytics' monthly ones, so a database migrated to the same version lacks them): one line each,
     * {@code partition TAB parent TAB bound}. Not a table name: PostgreSQL names hold no colon unless quoted, and the
     * catalog query never yields one.
     */
    public static final String PARTITIONS = "pg:partitions";

    private static final String PARTITION_LIST = """
            SELECT c.relname, p.relname, pg_get_expr(c.relpartbound, c.oid)
              FROM pg_class c
              JOIN pg_inherits i ON i.inhrelid = c.oid
              JOIN pg_class p ON p.oid = i.inhparent
             WHERE c.relnamespace = current_schema()::regnamespace
               AND c.relispartition
               AND c.relkind IN ('r', 'p')
             ORDER BY c.relname
            """;

    // The bounds a partition may be re-created with: a range or list of literals, or DEFAULT; nothing that could
    // end the statement.
    private static final java.util.regex.Pattern BOUND = java.util.regex.Pattern.compile(
            "(FOR VALUES (FROM \\([^;()]*\\) TO \\([^;()]*\\)|IN \\([^;()]*\\))|DEFAULT)");

    private DatabaseCopy() {}

    /** The schema's partitions as the {@link #PARTITIONS} entry holds them (empty when there are none). */
    public static byte[] partitions(Connection connection) throws SQLException {
        StringBuilder lines = new StringBuilder();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(PARTITION_LIST)) {
            while (rows.next()) {
                lines.append(rows.getString(1))
                        .append('\t')
                        .append(rows.getString(2))
                        .append('\t')
                        .append(rows.getString(3))
                        .append('\n');
            }
        }
        return lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Opens a consistent, read-only view of the whole database on {@code connection} (closed with the snapshot). */
    public static Snapshot snapshot(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        return new Snapshot(connection);
    }

    /** The tables a backup copies (all but Flyway's history, whose version the manifest records). */
    public static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(TABLES)) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /** The Flyway version the database is at. */
    public static String schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(SCHEMA_VERSION)) {
            if (!rows.next()) {
                throw new IllegalStateException("the database has no Flyway history: it is not a Levqor database");
            }
            return rows.getString(1);
        }
    }

    /** Rows in a table (the caller's transaction decides which snapshot). */
    public static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + quote(table))) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Streams a table's rows in PostgreSQL's binary COPY format. */
    public static long copyOut(Connection connection, String table, OutputStream out) throws SQLException {
        try {
            return copyManager(connection).copyOut("COPY " + quote(table) + " TO STDOUT (FORMAT binary)", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tables that hold at least one row, among {@code tables}. */
    public static List<String> nonEmpty(Connection connection, Set<String> ignored) throws SQLException {
        List<String> found = new ArrayList<>();
        for (String table : tables(connection)) {
            if (ignored.contains(table)) {
                continue;
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + quote(table) + ")")) {
                rows.next();
                if (rows.getBoolean(1)) {
                    found.add(table);
                }
            }
        }
        return found;
    }

    /** Starts loading into {@code connection}'s database; nothing is visible to others until {@link Loader#commit}. */
    public static Loader loader(Connection connection) throws SQLException {
        return new Loader(connection);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static CopyManager copyManager(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }

    /** A read-only repeatable-read transaction: every query sees the database as of its first one. */
    public static final class Snapshot implements AutoCloseable {
        private final Connection connection;

        private Snapshot(Connection connection) {
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.rollback();
            } finally {
                connection.setReadOnly(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                connection.setAutoCommit(true);
                connection.close();
            }
        }
    }

    /**
     * Loads tables in any order within one transaction: foreign keys are dropped first and added back (and so
     * checked) at the end, each table is emptied before its rows go in, identity sequences continue after the
     * highest id loaded.
     */
    public static final class Loader implements AutoCloseable {
        private final Connection connection;
        private final Set<String> tables;
        private final List<String[]> foreignKeys = new ArrayList<>();
        private final Set<String> loaded = new LinkedHashSet<>();

        private Loader(Connection connection) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(false);
            this.tables = new LinkedHashSet<>(tables(connection));
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(FOREIGN_KEYS)) {
                while (rows.next()) {
                    foreignKeys.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (String[] key : foreignKeys) {
                    statement.execute("ALTER TABLE " + key[0] + " DROP CONSTRAINT " + key[1]);
                }
            }
        }

        /** Whether the target database has this table. */
        public boolean has(String table) {
            return tables.contains(table);
        }

        /**
         * Replaces the table's rows with a binary COPY stream; answers the rows loaded. The {@link #PARTITIONS} entry
         * instead creates the partitions the target lacks, so that their rows, which follow, have a table to go to.
         */
        public long load(String table, InputStream rows) throws SQLException, IOException {
            if (PARTITIONS.equals(table)) {
                return createPartitions(rows);
            }
            if (!tables.contains(table)) {
                throw new IllegalArgumentException("the target database has no table " + table);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE " + quote(table));
            }
            loaded.add(table);
            return copyManager(connection).copyIn("COPY " + quote(table) + " FROM STDIN (FORMAT binary)", rows);
        }

        private long createPartitions(InputStream entry) throws SQLException, IOException {
            String text = new String(entry.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            long count = 0;
            try (Statement statement = connection.createStatement()) {
                for (String line : text.split("\n")) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    String[] parts = line.split("\t", -1);
                    if (parts.length != 3 || !BOUND.matcher(parts[2]).matches()) {
                        throw new IllegalArgumentException("the archive lists a partition in an unknown form: " + line);
                    }
                    count++;
                    if (tables.contains(parts[0])) {
                        continue;
                    }
                    statement.execute(
                            "CREATE TABLE " + quote(parts[0]) + " PARTITION OF " + quote(parts[1]) + " " + parts[2]);
                    tables.add(parts[0]);
                }
            }
            return count;
        }

        /** Empties the target's tables that the archive did not hold. */
        public void emptyTheRest() throws SQLException {
            try (Statement statement = connection.createStatement()) {
                for (String table : tables) {
                    if (!loaded.contains(table)) {
                        statement.execute("TRUNCATE " + quote(table));
                    }
                }
            }
        }

        /** Adds the foreign keys back (checking every row), moves the sequences on, and commits. */
        public void commit() throws SQLException {
            try (Statement statement = connection.createStatement()) {
                for (String[] key : foreignKeys) {
                    statement.execute("ALTER TABLE " + key[0] + " ADD CONSTRAINT " + key[1] + " " + key[2]);
                }
                List<String[]> identities = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery(IDENTITY_COLUMNS)) {
                    while (rows.next()) {
                        if (rows.getString(3) != null) {
                            identities.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
                        }
                    }
                }
                for (String[] identity : identities) {
                    String max = "(SELECT max(" + identity[1] + ") FROM " + identity[0] + ")";
                    try (var set = connection.prepareStatement(
                            "SELECT setval(?::regclass, coalesce(" + max + ", 1), " + max + " IS NOT NULL)")) {
                        set.setString(1, identity[2]);
                        set.execute();
                    }
                }
            }
            connection.commit();
        }

        @Override
        public void close() throws SQLException {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
