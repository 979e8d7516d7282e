package io.levqor.billing;

import io.levqor.billing.internal.Admission;
import io.levqor.billing.internal.BillingSettings;
import io.levqor.billing.internal.LedgerPostings;
import io.levqor.billing.internal.RunRefusals;
import io.levqor.identity.WorkspaceSuspended;
import io.levqor.identity.WorkspaceSuspensions;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides whether a workspace may start a run, and charges for it. The engine calls {@link #admit} inside the
 * transaction that inserts the run, so a refused run is never stored and an admitted one is charged exactly
 * once (the ledger line's reference is the run id).
 */
@Service
public class RunAdmission {

    private final BillingSettings settings;
    private final Admission admission;
    private final LedgerPostings postings;
    private final RunRefusals refusals;
    private final Clock clock;
    private final TransactionTemplate savepoint;
    private final WorkspaceSuspensions suspensions;

    public RunAdmission(
            WorkspaceSuspensions suspensions,
            BillingSettings settings,
            Admission admission,
            LedgerPostings postings,
            RunRefusals refusals,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.suspensions = suspensions;
        this.settings = settings;
        this.admission = admission;
        this.postings = postings;
        this.refusals = refusals;
        this.clock = clock;
        // NESTED: a savepoint inside the caller's transaction (a new transaction when there is none). A refusal
        // rolls back to it, so the day's counter is not raised by a run that did not start, and the caller's
        // transaction stays usable: the engine may still record the refused scheduled fire in it.
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Admits the run or throws a {@code 402} {@link QuotaExceeded} naming the limit hit, a {@code 402}
     * {@link SpendLimitReached} when the day's credit limit is spent, or a {@code 403} {@link WorkspaceSuspended}
     * (whether billing is on or off). Admitting the same run id again charges nothing. A workspace the platform
     * operator created is admitted without charge: no plan cap, credit or daily spend limit holds it.
     *
     * @param trigger how the run started: {@code manual}, {@code api}, {@code webhook}, {@code schedule}, {@code retry}
     */
    public void admit(WorkspaceId workspace, UUID runId, String trigger) {
        // The same single query as the suspension check: the operator exemption costs no extra round trip.
        charge(workspace, runId, trigger, suspensions.checkOperatorOwned(workspace));
    }

    /** One run for {@link #admitAll}. */
    public record Candidate(WorkspaceId workspace, UUID runId, String trigger) {}

    /**
     * {@link #admit} for a batch of runs in one transaction (a group commit), in their order: each workspace's
     * suspension is looked up once for the batch, not once per run. The first refusal is thrown as {@link #admit}
     * throws it.
     */
    public void admitAll(java.util.List<Candidate> runs) {
        java.util.Map<WorkspaceId, Boolean> operators = new java.util.HashMap<>();
        for (Candidate run : runs) {
            Boolean exempt = operators.get(run.workspace());
            if (exempt == null) {
                exempt = suspensions.checkOperatorOwned(run.workspace());
                operators.put(run.workspace(), exempt);
            }
            charge(run.workspace(), run.runId(), run.trigger(), exempt);
        }
    }

    private void charge(WorkspaceId workspace, UUID runId, String trigger, boolean operators) {
        if (!settings.enabled() || operators) {
            return;
        }
        Instant now = clock.instant();
        postings.ensureAccount(workspace, now);
        try {
            savepoint.executeWithoutResult(status -> admission.charge(workspace, runId, now));
        } catch (Admission.AlreadyCharged e) {
            // charged when this run was admitted before
        } catch (QuotaExceeded e) {
            refusals.refused(new RunRefused(workspace, runId, trigger, e.limit(), e.usage(), now));
            throw e;
        } catch (SpendLimitReached e) {
            refusals.refused(new RunRefused(workspace, runId, trigger, SpendLimitReached.TYPE, e.spentToday(), now));
            throw e;
        }
    }
}
