package io.levqor.ops.backup;

import java.util.List;

/**
 * What an archive holds, written inside it after the tables: enough to check a restore without trusting the
 * database it went into.
 *
 * @param levqorVersion the build that made the backup
 * @param schemaVersion the Flyway version of the database backed up; a restore needs a database at this version
 * @param tables every table in the order it was written
 */
public record Manifest(
        int format,
        String levqorVersion,
        String schemaVersion,
        String created,
        String masterKeyId,
        List<Table> tables) {

    /** One table: its rows and the SHA-256 of its binary {@code COPY} stream. */
    public record Table(String name, long rows, long bytes, String sha256) {}

    public long rows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }
}
