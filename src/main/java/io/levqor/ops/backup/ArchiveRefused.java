package io.levqor.ops.backup;

/** An archive that must not be restored: damaged, truncated, foreign, or not a Levqor backup at all. */
public class ArchiveRefused extends RuntimeException {

    public ArchiveRefused(String message) {
        super(message);
    }

    public ArchiveRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
