package io.levqor.growth.internal;

import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lifecycle mail, unsubscribes and support, bound to {@code levqor.growth.messaging.*}.
 *
 * @param unsubscribeMailbox the address of the {@code mailto:} unsubscribe link in {@code List-Unsubscribe}; blank
 *     leaves only the https link (what RFC 8058 one-click needs)
 * @param lifecycleEnabled whether the lifecycle sequence and the nudges are scheduled and sent at all
 * @param sendFrom the local time from which lifecycle mail goes out in the person's time zone
 * @param sendWindow how long after {@code sendFrom} it may still go out; a due mail found later waits for the next day
 * @param pollInterval how often a node looks for due lifecycle mail and nudge conditions
 * @param scheduleEnabled whether this node runs the rounds on its own (tests run them by hand)
 * @param supportEmail where new support tickets are forwarded ({@code LEVQOR_SUPPORT_EMAIL}); blank: nowhere
 */
@ConfigurationProperties("levqor.growth.messaging")
public record MessagingSettings(
        @DefaultValue("") String unsubscribeMailbox,
        @DefaultValue("true") boolean lifecycleEnabled,
        @DefaultValue("09:00") LocalTime sendFrom,
        @DefaultValue("1h") Duration sendWindow,
        @DefaultValue("1m") Duration pollInterval,
        @DefaultValue("true") boolean scheduleEnabled,
        @DefaultValue("") String supportEmail) {}
