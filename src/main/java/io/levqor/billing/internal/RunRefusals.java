package io.levqor.billing.internal;

import io.levqor.billing.RunRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes {@link RunRefused} so that it survives whatever the caller does next. A refused API call rolls the
 * caller's transaction back (and with it an event published inside it), so after a rollback the event is
 * published again in a transaction of its own; after a commit (the engine recorded a refused fire) the event
 * published inside the transaction is delivered as usual.
 *
 * <p>The republication runs on another (virtual) thread: afterCompletion still holds the caller's connection, and
 * asking the pool for a second one there deadlocks once every pooled connection belongs to a refused caller.
 */
@Component
public class RunRefusals {

    private static final Logger log = LoggerFactory.getLogger(RunRefusals.class);

    private final ApplicationEventPublisher events;
    private final TransactionTemplate ownTransaction;

    public RunRefusals(ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.events = events;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public void refused(RunRefused refused) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            publishAlone(refused);
            return;
        }
        events.publishEvent(refused);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    Thread.ofVirtual().name("run-refused-publisher").start(() -> publishAlone(refused));
                }
            }
        });
    }

    private void publishAlone(RunRefused refused) {
        try {
            ownTransaction.executeWithoutResult(status -> events.publishEvent(refused));
        } catch (RuntimeException e) {
            log.warn("Could not publish {}", refused, e);
        }
    }
}
