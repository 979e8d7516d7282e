package io.levqor.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

@LevqorIntegrationTest
class UsageHistoryIntegrationTests {

    @Autowired
    UsageHistory history;

    @Autowired
    Credits credits;

    @Autowired
    RunAdmission admission;

    @Autowired
    MutableClock clock;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void sumsRunsAndCreditsPerUtcDayOverTheWholeLedgerAndFillsQuietDays() {
        var workspace = WorkspaceId.newId();
        var other = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        credits.grantSignupCredits(other);
        LocalDate first = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        admit(workspace);
        admit(other);
        clock.advance(Duration.ofDays(2));
        admit(workspace);

        var days = history.lastDays(workspace, 30);

        assertThat(days).hasSize(30);
        assertThat(days.getLast().day()).isEqualTo(first.plusDays(2));
        assertThat(days.getLast().runs()).isEqualTo(1);
        assertThat(days.getLast().credits()).isEqualTo(1);
        assertThat(days.get(28).runs()).isZero();
        assertThat(days.get(27).day()).isEqualTo(first);
        assertThat(days.get(27).runs()).isEqualTo(1);
        assertThat(days.stream().mapToLong(UsageHistory.UsageDay::runs).sum()).isEqualTo(2);
    }

    private void admit(WorkspaceId workspace) {
        transactions.executeWithoutResult(status -> admission.admit(workspace, Ids.newId(), "manual"));
    }
}
