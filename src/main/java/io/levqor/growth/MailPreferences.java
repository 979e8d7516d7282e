package io.levqor.growth;

import io.levqor.growth.jdbc.MailPreferenceRepository;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's consent to non-transactional mail: the categories they receive ({@link MailCategory}) and whether they
 * left everything (an {@link SuppressionReason#UNSUBSCRIBED} entry on the suppression list). Written by the
 * one-click unsubscribe, the public preference page and the console's notification page; read by every marketing
 * sender. Transactional mail never asks.
 */
@Service
public class MailPreferences {

    private final MailPreferenceRepository repository;
    private final Suppressions suppressions;
    private final Clock clock;

    MailPreferences(MailPreferenceRepository repository, Suppressions suppressions, Clock clock) {
        this.repository = repository;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /** What the person receives. */
    public record View(String address, Set<MailCategory> subscribed, boolean suppressed) {}

    public View of(String address) {
        String normalised = Channel.EMAIL.normalise(address);
        Set<MailCategory> subscribed = EnumSet.allOf(MailCategory.class);
        for (String wire : repository.optedOutCategories(normalised)) {
            MailCategory.fromWire(wire).ifPresent(subscribed::remove);
        }
        return new View(normalised, subscribed, suppressions.isSuppressed(Channel.EMAIL, normalised));
    }

    /** Whether mail of this category may go to the address now: not suppressed and not opted out. */
    public boolean mayReceive(String address, MailCategory category) {
        String normalised = Channel.EMAIL.normalise(address);
        return !suppressions.isSuppressed(Channel.EMAIL, normalised)
                && !repository.optedOut(normalised, category.wire());
    }

    /** Stops one category (the one-click unsubscribe of a mail of that category). */
    @Transactional
    public void optOut(String address, MailCategory category) {
        repository.set(Channel.EMAIL.normalise(address), category.wire(), false, clock.instant());
    }

    /**
     * Replaces the person's choice: the categories named are received, the others not. Choosing at least one
     * category takes an {@code unsubscribed} suppression off (the person opted in again); a bounce or complaint
     * stays, only the operator lifts those.
     */
    @Transactional
    public void choose(String address, Set<MailCategory> subscribed) {
        String normalised = Channel.EMAIL.normalise(address);
        for (MailCategory category : MailCategory.values()) {
            repository.set(normalised, category.wire(), subscribed.contains(category), clock.instant());
        }
        if (!subscribed.isEmpty()) {
            suppressions.liftIfUnsubscribed(Channel.EMAIL, normalised);
        }
    }

    /** Stops all non-transactional mail to the address, on the suppression list. */
    @Transactional
    public void unsubscribeAll(String address) {
        suppressions.suppress(Channel.EMAIL, address, SuppressionReason.UNSUBSCRIBED);
    }
}
