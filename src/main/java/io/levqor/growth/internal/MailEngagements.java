package io.levqor.growth.internal;

import io.levqor.growth.MailEngagement;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Publishes a verified open or click as a {@link MailEngagement}, in a transaction of its own so listeners get it. */
@Component
public class MailEngagements {

    private final ApplicationEventPublisher events;
    private final Clock clock;

    MailEngagements(ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public void record(MailLinks.Tracked tracked) {
        events.publishEvent(new MailEngagement(tracked.trackingId(), tracked.kind(), tracked.url(), clock.instant()));
    }
}
