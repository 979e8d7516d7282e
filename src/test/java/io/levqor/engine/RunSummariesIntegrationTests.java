package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@LevqorIntegrationTest
class RunSummariesIntegrationTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    RunSummaries summaries;

    EngineFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
        ScriptedStep.reset();
    }

    @Test
    void summarisesAPageOfWorkflowsLastRunAndSuccessRateWithoutMixingWorkspaces() {
        var workspace = WorkspaceId.newId();
        var steady = fixtures.workflow(workspace, List.of(EngineFixtures.transform("greet", "hi")));
        var flaky = fixtures.workflow(workspace, List.of(EngineFixtures.transform("greet", "hi")));
        var fragile =
                fixtures.workflow(workspace, List.of(Map.of("id", "fragile", "type", "scripted", "permanent", true)));
        var idle = fixtures.workflow(workspace, List.of(EngineFixtures.transform("greet", "hi")));
        for (int i = 0; i < 3; i++) {
            fixtures.awaitEnd(workspace, fixtures.start(workspace, steady, Map.of()));
        }
        fixtures.awaitEnd(workspace, fixtures.start(workspace, flaky, Map.of()));
        var failed = fixtures.start(workspace, fragile, Map.of());
        fixtures.awaitEnd(workspace, failed);
        fixtures.awaitEnd(workspace, fixtures.start(workspace, flaky, Map.of()));
        var other = WorkspaceId.newId();
        fixtures.awaitEnd(
                other,
                fixtures.start(other, fixtures.workflow(other, List.of(EngineFixtures.transform("x", 1))), Map.of()));

        var found = summaries.of(workspace, List.of(steady.id(), flaky.id(), fragile.id(), idle.id()));

        assertThat(found).containsOnlyKeys(steady.id(), flaky.id(), fragile.id());
        assertThat(found.get(steady.id()).successPercent()).isEqualTo(100);
        assertThat(found.get(steady.id()).finished()).isEqualTo(3);
        assertThat(found.get(fragile.id()).successPercent()).isZero();
        assertThat(found.get(fragile.id()).lastStatus()).isEqualTo("failed");
        assertThat(found.get(flaky.id()).lastStatus()).isEqualTo("succeeded");
        assertThat(summaries.of(workspace, List.of())).isEmpty();
    }
}
