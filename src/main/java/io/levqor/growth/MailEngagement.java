package io.levqor.growth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A person opened (the tracking pixel loaded) or clicked a link of a tracked marketing mail. Published once per
 * request; a mail client that loads the pixel twice or a person who clicks twice publishes twice, so listeners
 * count distinct tracking ids.
 *
 * @param trackingId the id the sender chose when it asked for tracking (a campaign's recipient id)
 * @param url the link's target, for clicks
 */
public record MailEngagement(
        String trackingId, Kind kind, @Nullable String url, Instant at) {

    /** What the person did. */
    public enum Kind {
        OPENED,
        CLICKED
    }
}
