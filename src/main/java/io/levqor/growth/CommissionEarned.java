package io.levqor.growth;

import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;

/** A paid invoice of an attributed workspace earned its partner a commission, payable from {@code payableAt}. */
public record CommissionEarned(
        UUID partner,
        WorkspaceId customer,
        UUID payment,
        Money paid,
        Money commission,
        Instant payableAt,
        Instant at) {}
