package io.levqor.shared;

/**
 * Whether the database answers right now, as a cheap cached read (checked about once a second in the background):
 * callers that would otherwise wait for a connection fail fast with {@link DatabaseUnavailable} instead.
 */
public interface DatabaseAvailability {

    /** False while the database cannot be reached (or the embedded one is restarting). */
    boolean available();

    /** Tells the check that a caller just failed to reach the database, so it looks again at once. */
    void suspect();
}
