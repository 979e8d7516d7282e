package io.levqor.shared;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Time-ordered UUIDv7 ids (RFC 9562), so new rows land at the right edge of their indexes. */
public final class Ids {

    private Ids() {}

    public static UUID newId() {
        return newId(System.currentTimeMillis());
    }

    /** A UUIDv7 for the given Unix time in milliseconds; the rest is random (ids are public, not secret). */
    public static UUID newId(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
