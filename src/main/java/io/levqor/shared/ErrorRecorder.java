package io.levqor.shared;

import java.security.SecureRandom;

/**
 * Where the 500 handlers hand an unexpected exception, with the {@code errorId} the client was given. The ops module
 * implements it (error tracking); shared only knows this port, so it does not depend on ops. Implementations must not
 * throw and must not hold the request up for long: a broken database must not turn one failure into two.
 */
public interface ErrorRecorder {

    /**
     * Records an unexpected server error.
     *
     * @param errorId the id in the problem answer and the log line
     * @param error the exception (its message is redacted before anything is stored)
     * @param method the HTTP method
     * @param path the request path without its query string
     */
    void serverError(String errorId, Throwable error, String method, String path);

    /** A new random error id: 16 lower-case base-32 characters (80 bits), safe to show and to search logs for. */
    static String newErrorId() {
        return ErrorIds.next();
    }

    /** Holds the random source for {@link #newErrorId()}. */
    final class ErrorIds {
        private static final SecureRandom RANDOM = new SecureRandom();
        private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

        private ErrorIds() {}

        static String next() {
            byte[] bytes = new byte[10];
            RANDOM.nextBytes(bytes);
            StringBuilder id = new StringBuilder(16);
            long buffer = 0;
            int bits = 0;
            for (byte b : bytes) {
                buffer = (buffer << 8) | (b & 0xFF);
                bits += 8;
                while (bits >= 5) {
                    id.append(ALPHABET[(int) (buffer >>> (bits - 5)) & 31]);
                    bits -= 5;
                }
            }
            return id.toString();
        }
    }
}
