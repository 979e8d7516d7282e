package io.levqor.growth;

import io.levqor.growth.jdbc.SuppressionRepository;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The suppression list that every non-transactional sender consults before it sends: lifecycle mail, campaigns,
 * SMS, WhatsApp and push. Transactional mail (verification, password reset, receipts, dunning) does not.
 */
@Service
public class Suppressions {

    private final SuppressionRepository repository;
    private final Clock clock;

    Suppressions(SuppressionRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public boolean isSuppressed(Channel channel, String address) {
        return repository.exists(channel.wire(), channel.normalise(address));
    }

    /** Adds the address; an address already listed keeps its first reason and time. */
    @Transactional
    public void suppress(Channel channel, String address, SuppressionReason reason) {
        repository.insertIfAbsent(channel.wire(), channel.normalise(address), reason.wire(), clock.instant());
    }

    /** Takes the address off the list (an operator's decision, or a person opting in again); false if it was not on it. */
    @Transactional
    public boolean lift(Channel channel, String address) {
        return repository.delete(channel.wire(), channel.normalise(address));
    }

    /** Takes the address off the list only when it is there because the person unsubscribed (they opted in again). */
    @Transactional
    public boolean liftIfUnsubscribed(Channel channel, String address) {
        return repository.deleteWithReason(
                channel.wire(), channel.normalise(address), SuppressionReason.UNSUBSCRIBED.wire());
    }

    /** The newest entries first, at most {@code limit}. */
    public List<Suppression> list(int limit, int offset) {
        return repository.page(limit, offset).stream()
                .map(row -> new Suppression(
                        Channel.fromWire(row.channel()),
                        row.address(),
                        SuppressionReason.fromWire(row.reason()),
                        row.createdAt()))
                .toList();
    }
}
