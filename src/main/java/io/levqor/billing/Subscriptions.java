package io.levqor.billing;

import io.levqor.billing.jdbc.SubscriptionRepository;
import io.levqor.shared.WorkspaceId;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** A workspace's subscription as the providers' events left it. */
@Service
public class Subscriptions {

    private final SubscriptionRepository subscriptions;

    public Subscriptions(SubscriptionRepository subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** The live subscription, or else the most recent one; empty for a workspace that never subscribed. */
    public Optional<SubscriptionView> current(WorkspaceId workspace) {
        return subscriptions
                .current(workspace)
                .map(row -> new SubscriptionView(
                        row.id(),
                        row.provider().apiName(),
                        row.externalId(),
                        row.plan(),
                        row.state(),
                        row.periodStart(),
                        row.periodEnd(),
                        row.graceUntil()));
    }
}
