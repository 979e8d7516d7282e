package io.levqor.ops.backup;

/** A restore that would not be safe into this database: not empty (without --force), or at another schema version. */
public class RestoreRefused extends RuntimeException {

    public RestoreRefused(String message) {
        super(message);
    }
}
