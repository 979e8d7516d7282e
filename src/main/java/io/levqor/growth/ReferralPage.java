package io.levqor.growth;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of referrals, newest first; {@code nextCursor} fetches the next, null on the last page. */
public record ReferralPage(
        List<ReferralView> items, @Nullable String nextCursor) {}
