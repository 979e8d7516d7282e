package io.levqor.identity;

import org.jspecify.annotations.Nullable;

/**
 * The result of checking a workspace's audit chain.
 *
 * @param entries how many entries were checked
 * @param firstBrokenSeq the sequence number of the first entry whose hash or link does not match; null when intact
 */
public record AuditVerification(
        long entries,
        @Nullable Long firstBrokenSeq,
        @Nullable String problem) {

    public boolean intact() {
        return firstBrokenSeq == null;
    }
}
