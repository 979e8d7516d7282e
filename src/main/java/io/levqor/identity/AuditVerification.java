package io.levqor.identity;

import org.jspecify.annotations.Nullable;

/**
 * The result of checking a workspace's audit chain.
 *
 * @param intact true when every entry links to its predecessor and matches its hash
 * @param entries how many entries were checked
 * @param firstBrokenSeq the sequence number of the first entry that is missing, altered or mislinked; null if intact
 * @param problem what is wrong at {@code firstBrokenSeq}
 */
public record AuditVerification(
        boolean intact,
        long entries,
        @Nullable Long firstBrokenSeq,
        @Nullable String problem) {

    static AuditVerification of(long entries, @Nullable Long firstBrokenSeq, @Nullable String problem) {
        return new AuditVerification(firstBrokenSeq == null, entries, firstBrokenSeq, problem);
    }
}
