package io.levqor.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.shared.Ids;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class PlanAssignmentsIntegrationTests {

    @Autowired
    PlanAssignments assignments;

    @Autowired
    RunAdmission admission;

    @Autowired
    Credits credits;

    @Autowired
    Quotas quotas;

    @Test
    void anAssignedPlanLiftsTheCapAndGrantsItsCreditsOnce() {
        var workspace = WorkspaceId.newId();

        assignments.assign(workspace, "business", "partner-2026");
        assignments.assign(workspace, "business", "partner-2026");

        assertThat(quotas.planOf(workspace).id()).isEqualTo("business");
        assertThat(credits.balance(workspace)).isEqualTo(50 + 100_000);
        for (int i = 0; i < 5; i++) {
            admission.admit(workspace, Ids.newId(), "api");
        }
        assertThat(credits.balance(workspace)).isEqualTo(50 + 100_000 - 5);
        assertThat(credits.check(workspace).holds()).isTrue();
    }

    @Test
    void anUnknownPlanIsRefused() {
        assertThatThrownBy(() -> assignments.assign(WorkspaceId.newId(), "platinum", "x"))
                .isInstanceOf(ValidationFailed.class);
    }
}
