package io.levqor.billing;

import io.levqor.shared.WorkspaceId;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Decides whether a workspace may start a run, and charges for it. The engine calls {@link #admit} inside the
 * transaction that inserts the run, so a refused run is never stored and an admitted one is charged exactly
 * once. (Plans and credits fill this in; until then every run is admitted.)
 */
@Service
public class RunAdmission {

    /**
     * Admits the run or throws a {@code 402} problem naming the limit hit.
     *
     * @param trigger how the run started: {@code manual}, {@code api}, {@code webhook}, {@code schedule}, {@code retry}
     */
    public void admit(WorkspaceId workspace, UUID runId, String trigger) {
        // Filled by the billing issue: daily cap and credit debit in the caller's transaction.
    }
}
