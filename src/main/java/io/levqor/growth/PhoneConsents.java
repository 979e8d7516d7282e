package io.levqor.growth;

import io.levqor.growth.jdbc.PhoneConsentRepository;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Explicit opt-ins to SMS and WhatsApp. No opt-in, no message: campaigns reach a number only while its person's
 * opt-in stands. A STOP withdraws it (and suppresses the number); opting in again lifts that suppression, since
 * it is the person's own new decision.
 */
@Service
public class PhoneConsents {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final PhoneConsentRepository repository;
    private final Suppressions suppressions;
    private final Clock clock;

    PhoneConsents(PhoneConsentRepository repository, Suppressions suppressions, Clock clock) {
        this.repository = repository;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /** Records the person's opt-in to each channel at the number; answers their opt-ins. */
    @Transactional
    public List<PhoneConsent> optIn(UserId user, String phone, List<Channel> channels, String source) {
        String number = Channel.SMS.normalise(phone);
        if (!E164.matcher(number).matches()) {
            throw ValidationFailed.of("phone", "must be an E.164 number, e.g. +447700900123");
        }
        if (channels.isEmpty()) {
            throw ValidationFailed.of("channels", "must name sms and/or whatsapp");
        }
        for (Channel channel : channels) {
            if (channel != Channel.SMS && channel != Channel.WHATSAPP) {
                throw ValidationFailed.of("channels", "only sms and whatsapp need a phone opt-in");
            }
        }
        String from = source.strip();
        if (from.isEmpty() || from.length() > 200) {
            throw ValidationFailed.of("source", "must be 1 to 200 characters (where the opt-in was given)");
        }
        Instant now = clock.instant();
        for (Channel channel : channels) {
            repository.upsert(user.value(), channel.wire(), number, from, now);
            suppressions.lift(channel, number);
        }
        return of(user);
    }

    /** Withdraws the person's opt-in to a channel; false if there was none standing. */
    @Transactional
    public boolean withdraw(UserId user, Channel channel) {
        return repository.withdraw(user.value(), channel.wire(), clock.instant());
    }

    /** A STOP from a number: withdraws every opt-in at it on the channel and suppresses it. */
    @Transactional
    public void stop(Channel channel, String phone) {
        String number = channel.normalise(phone);
        repository.withdrawPhone(channel.wire(), number, clock.instant());
        suppressions.suppress(channel, number, SuppressionReason.STOP);
    }

    /** Whether a message may go to the number on the channel: an opt-in stands and the number is not suppressed. */
    public boolean mayMessage(Channel channel, String phone) {
        String number = channel.normalise(phone);
        return repository.consented(channel.wire(), number) && !suppressions.isSuppressed(channel, number);
    }

    public List<PhoneConsent> of(UserId user) {
        return repository.ofUser(user.value()).stream()
                .map(row -> new PhoneConsent(
                        Channel.fromWire(row.channel()),
                        row.phone(),
                        row.source(),
                        row.consentedAt(),
                        row.withdrawnAt()))
                .toList();
    }
}
