package io.levqor.ops.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Archive file names: {@code levqor-backup-20261207T020000Z-1a2b3c4d.lvqb}, the UTC time first so they sort. */
final class BackupFiles {

    static final String SUFFIX = ".lvqb";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("levqor-backup-(\\d{8}T\\d{6}Z)-[0-9a-f]{8}\\.lvqb");

    private BackupFiles() {}

    static String name(Instant at, UUID id) {
        return "levqor-backup-" + STAMP.format(at) + "-" + id.toString().substring(0, 8) + SUFFIX;
    }

    /** When the archive was made, if the file is one of ours. */
    static Optional<Instant> madeAt(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(STAMP.parse(matcher.group(1), Instant::from));
    }

    /** The sidecar holding the archive's SHA-256 in {@code sha256sum} format. */
    static Path checksumFile(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".sha256");
    }
}
