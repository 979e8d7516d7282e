package io.levqor.analytics;

import io.levqor.analytics.internal.EventPartitions;
import io.levqor.analytics.jdbc.EventStore;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Records product events in the append-only {@code analytics_event} table. Server events (from the modules' domain
 * events) are recorded once per key, since events are delivered at least once; clients' batches are appended as they
 * come, in one statement per batch.
 */
@Service
public class ProductEvents {

    /** The names recorded from domain events; clients may not send them, so funnels over them stay trustworthy. */
    public static final Set<String> SERVER_EVENTS = Set.of(
            "signed_up",
            "email_verified",
            "workspace_created",
            "workspace_deleted",
            "member_joined",
            "workflow_created",
            "workflow_activated",
            "workflow_deleted",
            "run_succeeded",
            "run_failed",
            "plan_changed",
            "plan_upgraded",
            "plan_downgraded",
            "payment_succeeded",
            "payment_failed",
            "payment_refunded",
            "referral_rewarded");

    private final EventStore store;
    private final EventPartitions partitions;

    ProductEvents(EventStore store, EventPartitions partitions) {
        this.store = store;
        this.partitions = partitions;
    }

    /**
     * Records a server event unless one with the same {@code key} (the domain event's identity, e.g.
     * {@code run_succeeded:<run id>}) was recorded before; true when it was new.
     */
    public boolean recordOnce(String key, ProductEvent event) {
        partitions.ensure(List.of(event.at()));
        return store.insertOnce(key, event);
    }

    /** Appends a client's batch in one statement; returns how many were stored. */
    public int recordClientBatch(List<ProductEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        partitions.ensure(events.stream().map(ProductEvent::at).toList());
        return store.insertBatch(events, "client");
    }

    /**
     * Appends server events that need no key, in one statement: run outcomes, which are far too many to key one by
     * one (see {@code RunOutcomeRecorder}); returns how many were stored.
     */
    public int recordServerBatch(List<ProductEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        partitions.ensure(events.stream().map(ProductEvent::at).toList());
        return store.insertBatch(events, "server");
    }
}
