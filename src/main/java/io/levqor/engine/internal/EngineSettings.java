package io.levqor.engine.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The engine's settings, bound to {@code levqor.engine.*}.
 *
 * @param workers steps one node runs at once (each on its own virtual thread); 0 runs no workers on this node
 * @param batchSize jobs claimed (and finishes committed) per round trip
 * @param stepsPerClaim how many further steps a worker runs in a row on one claim once each is durably recorded,
 *     before the run goes back in the queue to take its turn
 * @param lease how long a claimed job stays with its worker without a heartbeat
 * @param heartbeat how often a worker renews its leases (well under {@code lease})
 * @param pollInterval how often an idle worker looks for due jobs when no notification came
 * @param notifyDebounce the least time between two NOTIFYs of one node; workers that are busy keep claiming anyway
 * @param reapInterval how often expired leases are returned to the queue
 * @param stepTimeout a step's timeout when its definition names none
 * @param syncTimeout how long a {@code "respond": "sync"} webhook waits for the run's output
 * @param historyRetention how long ended runs and their attempts are kept
 * @param scheduleInterval how often due cron schedules are looked for
 * @param concurrencyRecheck how long a run waits before trying again for a slot of its capped workflow
 * @param ingestBatchSize the most new runs one group commit inserts
 * @param eagerRuns whether a new run whose steps are all pure runs at once on the thread that starts it and is
 *     stored already ended (only on a node that runs workers), rather than going through the queue
 */
@ConfigurationProperties("levqor.engine")
public record EngineSettings(
        @DefaultValue("64") int workers,
        @DefaultValue("32") int batchSize,
        @DefaultValue("16") int stepsPerClaim,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("5ms") Duration notifyDebounce,
        @DefaultValue("5s") Duration reapInterval,
        @DefaultValue("30s") Duration stepTimeout,
        @DefaultValue("30s") Duration syncTimeout,
        @DefaultValue("30d") Duration historyRetention,
        @DefaultValue("1s") Duration scheduleInterval,
        @DefaultValue("1s") Duration concurrencyRecheck,
        @DefaultValue("256") int ingestBatchSize,
        @DefaultValue("true") boolean eagerRuns) {}
