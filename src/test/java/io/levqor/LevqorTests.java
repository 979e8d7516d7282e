package io.levqor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LevqorTests {

    @Test
    void aCommandRunsWithoutItsOwnPortWorkersOrSchedule() {
        assertThat(Levqor.commandLine(new String[] {"backup"}))
                .containsExactlyInAnyOrder(
                        "backup",
                        "--server.port=0",
                        "--levqor.engine.workers=0",
                        "--levqor.ops.backup.schedule-enabled=false");
    }

    @Test
    void whatTheOperatorSetsWins() {
        assertThat(Levqor.commandLine(new String[] {"restore", "a.lvqb", "--force", "--server.port=9090"}))
                .contains("restore", "a.lvqb", "--force", "--server.port=9090")
                .doesNotContain("--server.port=0");
    }

    @Test
    void theServerStartsAsBefore() {
        String[] args = {"--server.port=8081"};
        assertThat(Levqor.commandLine(args)).isSameAs(args);
        assertThat(Levqor.commandLine(new String[0])).isEmpty();
    }
}
