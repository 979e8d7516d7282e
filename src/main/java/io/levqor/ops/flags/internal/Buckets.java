package io.levqor.ops.flags.internal;

/**
 * Deterministic buckets 0..9999 from a flag key and a targeting key (the workspace id): the same workspace lands in
 * the same bucket on every node and after every restart, and different flags spread workspaces independently.
 * FNV-1a over the characters, then a 64-bit finaliser (SplitMix64) so that similar ids do not cluster.
 */
public final class Buckets {

    public static final int SIZE = 10_000;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Buckets() {}

    /** The hash state after the flag key and its separator; precomputed once per flag. */
    public static long seed(String flagKey) {
        return feed(feed(FNV_OFFSET, flagKey), ":");
    }

    /** The bucket of {@code targetingKey} for the flag whose {@link #seed} is given. */
    public static int bucket(long seed, String targetingKey) {
        long h = mix(feed(seed, targetingKey));
        return (int) Long.remainderUnsigned(h, SIZE);
    }

    public static int bucket(String flagKey, String targetingKey) {
        return bucket(seed(flagKey), targetingKey);
    }

    private static long feed(long hash, String text) {
        long h = hash;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            h = (h ^ (c & 0xff)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
