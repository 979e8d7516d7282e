package io.levqor.billing;

import io.levqor.billing.jdbc.BillingReports;
import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Billing's cross-workspace reads for the platform operator's overview. Nothing a workspace member can reach may call
 * these; the caller checks that the user is the operator.
 */
@Service
public class OperatorBilling {

    /** A payment with the workspace that made it. */
    public record RecentPayment(
            WorkspaceId workspace,
            UUID id,
            String provider,
            String plan,
            Money amount,
            Money refunded,
            Instant paidAt) {}

    private final BillingReports reports;
    private final Plans plans;

    OperatorBilling(BillingReports reports, Plans plans) {
        this.reports = reports;
        this.plans = plans;
    }

    /** Each workspace's plan name; a workspace without a billing account is on the free plan. */
    public Map<WorkspaceId, String> planNamesForOperator(List<WorkspaceId> workspaces) {
        Map<WorkspaceId, String> stored = reports.plansForOperator(workspaces);
        Map<WorkspaceId, String> names = new HashMap<>();
        for (WorkspaceId workspace : workspaces) {
            String id = stored.get(workspace);
            names.put(workspace, (id == null ? plans.free() : plans.orFree(id)).name());
        }
        return names;
    }

    /** The newest payments across all workspaces. */
    public List<RecentPayment> recentPaymentsForOperator(int limit) {
        return reports.recentPaymentsForOperator(Math.max(1, Math.min(limit, 200))).stream()
                .map(row -> new RecentPayment(
                        row.tenant(),
                        row.id(),
                        row.provider(),
                        row.plan(),
                        Money.of(row.amount(), row.currency()),
                        Money.of(row.amountRefunded(), row.currency()),
                        row.paidAt()))
                .toList();
    }
}
