package io.levqor.growth;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who a campaign goes to: every person, narrowed by the filters given (null or empty: not filtered on).
 *
 * @param plans people with a workspace on one of these plans ({@code free}, {@code pro}, …)
 * @param signedUpAfter people who signed up at or after this time
 * @param signedUpBefore people who signed up before this time
 * @param activeWithinDays people who signed in within this many days
 * @param inactiveForDays people who have not signed in for at least this many days
 */
public record CampaignAudience(
        @Nullable List<String> plans,
        @Nullable Instant signedUpAfter,
        @Nullable Instant signedUpBefore,
        @Nullable Integer activeWithinDays,
        @Nullable Integer inactiveForDays) {

    /** Everybody. */
    public static CampaignAudience everyone() {
        return new CampaignAudience(null, null, null, null, null);
    }
}
