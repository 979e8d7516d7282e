package io.levqor.ops.backup;

import io.levqor.privacy.PlatformEncryption;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an archive from end to end, handing each table's COPY stream to a sink and checking every table's
 * SHA-256 and size against the manifest at the end. With a sink that only reads, it proves an archive whole before
 * anything is written.
 */
final class ArchiveReading {

    /** Receives one table's binary COPY stream (and must read it to its end or leave the rest to be drained). */
    @FunctionalInterface
    interface TableSink {
        void accept(String table, InputStream rows) throws IOException, SQLException;
    }

    private ArchiveReading() {}

    /** Reads the whole archive without writing anything; answers its manifest or throws {@link ArchiveRefused}. */
    static Manifest inspect(Path archive, PlatformEncryption encryption, JsonMapper json) {
        try {
            return read(archive, encryption, json, (table, rows) -> drain(rows));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Manifest read(Path archive, PlatformEncryption encryption, JsonMapper json, TableSink sink)
            throws SQLException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            ArchiveCipher.Opened opened = ArchiveCipher.decrypt(file, encryption, json);
            var content = new ArchiveContent.Reader(opened.plaintext());
            List<Manifest.Table> seen = new ArrayList<>();
            while (true) {
                ArchiveContent.Entry entry = content.next();
                if (entry.manifest() != null) {
                    Manifest manifest = parse(entry.manifest(), json);
                    check(manifest, seen);
                    return manifest;
                }
                String table = Objects.requireNonNull(entry.name());
                var sha = Sha256.digest();
                var counted = new CountingInputStream(Objects.requireNonNull(entry.data()));
                try (InputStream rows = new DigestInputStream(counted, sha)) {
                    sink.accept(table, rows);
                    drain(rows);
                }
                // rows is drained above; the table's terminator has been read
                seen.add(new Manifest.Table(
                        table, -1, counted.count(), HexFormat.of().formatHex(sha.digest())));
            }
        } catch (IOException e) {
            if (e.getCause() instanceof ArchiveRefused refused) {
                throw refused;
            }
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ArchiveRefused refused) {
                    throw refused;
                }
            }
            throw new ArchiveRefused("the archive cannot be read: " + e.getMessage(), e);
        }
    }

    // Read by hand: a FilterInputStream's transferTo may bypass the digest and count on the way.
    private static void drain(InputStream rows) throws IOException {
        byte[] buffer = new byte[1 << 16];
        while (rows.read(buffer, 0, buffer.length) >= 0) {
            // discarded: only the digest and count matter
        }
    }

    private static Manifest parse(byte[] bytes, JsonMapper json) {
        try {
            return json.readValue(bytes, Manifest.class);
        } catch (JacksonException e) {
            throw new ArchiveRefused("the archive's manifest cannot be read");
        }
    }

    private static void check(Manifest manifest, List<Manifest.Table> seen) {
        if (manifest.tables().size() != seen.size()) {
            throw new ArchiveRefused("the archive holds " + seen.size() + " tables, its manifest lists "
                    + manifest.tables().size());
        }
        for (int i = 0; i < seen.size(); i++) {
            Manifest.Table listed = manifest.tables().get(i);
            Manifest.Table read = seen.get(i);
            if (!listed.name().equals(read.name())
                    || listed.bytes() != read.bytes()
                    || !listed.sha256().equals(read.sha256())) {
                throw new ArchiveRefused("table " + read.name() + " does not match the archive's manifest (SHA-256 "
                        + read.sha256() + ", manifest " + listed.sha256() + ")");
            }
        }
    }
}
