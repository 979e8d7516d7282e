package io.levqor.growth.internal;

/**
 * What a marketing mail tracks: an open pixel and links rewritten through a signed redirect. Each open or click is
 * published as a {@link io.levqor.growth.MailEngagement} naming {@code trackingId}.
 *
 * @param trackingId chosen by the sender (a campaign's recipient id), at most 100 characters, no line breaks
 */
public record TrackingOptions(String trackingId, boolean opens, boolean clicks) {

    public TrackingOptions {
        if (trackingId.isBlank()
                || trackingId.length() > 100
                || trackingId.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("A tracking id is 1 to 100 printable characters");
        }
    }
}
