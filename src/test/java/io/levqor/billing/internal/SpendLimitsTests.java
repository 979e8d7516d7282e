package io.levqor.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.billing.jdbc.AccountRepository.AccountRow;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Which daily credit limit applies: the configured default, the operator's cap, the owner's limit. */
class SpendLimitsTests {

    static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void offByDefaultUntilSomeoneSetsALimit() {
        var limits = new SpendLimits(new SpendGuardSettings(0, 0));

        assertThat(limits.effective(null)).isNull();
        assertThat(limits.effective(account(null, null))).isNull();
        var view = limits.view(account(null, null), 1_000, 1, NOON);
        assertThat(view.dailyCredits()).isNull();
        assertThat(view.reached()).isFalse();
        assertThat(view.capSource()).isNull();
    }

    @Test
    void theConfiguredDefaultCapsWorkspacesTheOperatorLeftAlone() {
        var limits = new SpendLimits(new SpendGuardSettings(100, 0));

        assertThat(limits.effective(null)).isEqualTo(100);
        assertThat(limits.effective(account(500L, null)))
                .as("the operator's cap replaces the default")
                .isEqualTo(500);
        assertThat(limits.view(account(null, null), 0, 1, NOON).capSource()).isEqualTo("default");
        assertThat(limits.view(account(500L, null), 0, 1, NOON).capSource()).isEqualTo("operator");
    }

    @Test
    void theLowerOfCapAndOwnerLimitWins() {
        var limits = new SpendLimits(new SpendGuardSettings(0, 0));

        assertThat(limits.effective(account(10L, 3L))).isEqualTo(3);
        assertThat(limits.effective(account(3L, 10L))).isEqualTo(3);
        assertThat(limits.effective(account(null, 7L))).isEqualTo(7);
    }

    @Test
    void reachedWhenTheNextRunWouldGoOverAndResetsAtTheNextUtcMidnight() {
        var limits = new SpendLimits(new SpendGuardSettings(0, 0));

        assertThat(limits.view(account(3L, null), 2, 1, NOON).reached()).isFalse();
        assertThat(limits.view(account(3L, null), 3, 1, NOON).reached()).isTrue();
        assertThat(limits.view(account(3L, null), 3, 1, NOON).resetsAt())
                .isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(limits.view(account(3L, null), 0, 1, Instant.parse("2026-12-07T23:59:59.999Z"))
                        .resetsAt())
                .isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
    }

    @Test
    void theDayStartsAtMidnightInTheWorkspacesTimeZone() {
        var limits = new SpendLimits(new SpendGuardSettings(0, 0));
        var kolkata = new AccountRow(
                WorkspaceId.newId(), "pro", 100, 100, 0, null, null, 3L, null, 5_000L, null, "Asia/Kolkata");

        // 12:00 UTC is 17:30 in Kolkata: its day ends at 18:30 UTC.
        assertThat(limits.view(kolkata, 0, 1, NOON).resetsAt()).isEqualTo(Instant.parse("2026-12-07T18:30:00Z"));
        assertThat(limits.view(kolkata, 0, 1, NOON).timeZone()).isEqualTo("Asia/Kolkata");
        assertThat(SpendLimits.day(kolkata, Instant.parse("2026-12-07T19:00:00Z")))
                .isEqualTo(java.time.LocalDate.parse("2026-12-08"));
        assertThat(limits.view(kolkata, 0, 1, 4_999, "USD", NOON).llmCost().reached())
                .isFalse();
        assertThat(limits.view(kolkata, 0, 1, 5_000, "USD", NOON).llmCost().reached())
                .isTrue();
    }

    @Test
    void aNegativeDefaultIsAConfigurationError() {
        assertThatThrownBy(() -> new SpendGuardSettings(-1, 0)).hasMessageContaining("default-daily-credits");
    }

    private static AccountRow account(@Nullable Long cap, @Nullable Long ownerLimit) {
        return new AccountRow(WorkspaceId.newId(), "pro", 100, 100, 0, null, null, cap, ownerLimit, null, null, "UTC");
    }
}
