package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.shared.ProblemException;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

@LevqorIntegrationTest
@RecordApplicationEvents
class WorkflowsIntegrationTests {

    static final WorkspaceId ACME = WorkspaceId.newId();
    static final WorkspaceId GLOBEX = WorkspaceId.newId();
    static final UserId ADA = UserId.newId();

    @Autowired
    Workflows workflows;

    @Autowired
    ApplicationEvents events;

    @Autowired
    Credentials credentials;

    static Map<String, Object> webhookDefinition(String note) {
        return Map.of(
                "trigger",
                Map.of("type", "webhook"),
                "steps",
                List.of(Map.of("id", "first", "type", "test-noop", "note", note)),
                "output",
                "{{ steps.first.output }}");
    }

    static Map<String, Object> manualDefinition() {
        return Map.of("trigger", Map.of("type", "manual"), "steps", List.of());
    }

    @Test
    void everySaveIsANewImmutableVersion() {
        WorkflowView created = workflows.create(ACME, ADA, "Greeter", webhookDefinition("one"), true, null);
        WorkflowView saved = workflows.update(ACME, ADA, created.id(), null, webhookDefinition("two"));
        WorkflowView renamed = workflows.update(ACME, ADA, created.id(), "Greeter 2", webhookDefinition("three"));

        assertThat(created.version()).isEqualTo(1);
        assertThat(saved.version()).isEqualTo(2);
        assertThat(renamed.version()).isEqualTo(3);
        assertThat(workflows
                        .version(ACME, created.id(), 1)
                        .definition()
                        .steps()
                        .getFirst()
                        .fields())
                .containsEntry("note", "one");
        assertThat(workflows
                        .version(ACME, created.id(), 2)
                        .definition()
                        .steps()
                        .getFirst()
                        .fields())
                .containsEntry("note", "two");
        assertThat(workflows.latest(ACME, created.id()).version()).isEqualTo(3);
        assertThat(workflows.versions(ACME, created.id()))
                .extracting(VersionView::version, VersionView::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, "Greeter 2"),
                        org.assertj.core.groups.Tuple.tuple(2, "Greeter"),
                        org.assertj.core.groups.Tuple.tuple(1, "Greeter"));
        assertThat(workflows.versionView(ACME, created.id(), 1).definition()).isEqualTo(webhookDefinition("one"));
        assertThat(workflows.get(ACME, created.id()).name()).isEqualTo("Greeter 2");
    }

    @Test
    void anInvalidSaveChangesNothing() {
        WorkflowView created = workflows.create(ACME, ADA, "Greeter", webhookDefinition("one"), true, null);

        assertThatThrownBy(() -> workflows.update(
                        ACME, ADA, created.id(), null, Map.of("trigger", Map.of("type", "manual"), "steps", 3)))
                .isInstanceOf(ValidationFailed.class)
                .satisfies(e -> assertThat(((ValidationFailed) e).errors())
                        .singleElement()
                        .satisfies(error -> assertThat(error.field()).isEqualTo("/steps")));

        assertThat(workflows.get(ACME, created.id()).version()).isEqualTo(1);
        assertThat(workflows.versions(ACME, created.id())).hasSize(1);
    }

    @Test
    void anotherWorkspaceCannotSeeOrChangeAWorkflow() {
        WorkflowView created = workflows.create(ACME, ADA, "Greeter", webhookDefinition("one"), true, null);
        WorkflowId id = created.id();

        assertThatThrownBy(() -> workflows.get(GLOBEX, id)).isInstanceOf(WorkflowNotFound.class);
        assertThatThrownBy(() -> workflows.latest(GLOBEX, id)).isInstanceOf(WorkflowNotFound.class);
        assertThatThrownBy(() -> workflows.version(GLOBEX, id, 1)).isInstanceOf(WorkflowNotFound.class);
        assertThatThrownBy(() -> workflows.versions(GLOBEX, id)).isInstanceOf(WorkflowNotFound.class);
        assertThatThrownBy(() -> workflows.update(GLOBEX, ADA, id, "x", webhookDefinition("evil")))
                .isInstanceOf(WorkflowNotFound.class);
        assertThatThrownBy(() -> workflows.deactivate(GLOBEX, id)).isInstanceOf(WorkflowNotFound.class);
        assertThatThrownBy(() -> workflows.rotateWebhookToken(GLOBEX, id)).isInstanceOf(WorkflowNotFound.class);
        assertThatThrownBy(() -> workflows.delete(GLOBEX, id)).isInstanceOf(WorkflowNotFound.class);
        assertThat(workflows.list(GLOBEX, null, 50).items()).isEmpty();

        WorkflowView unchanged = workflows.get(ACME, id);
        assertThat(unchanged.version()).isEqualTo(1);
        assertThat(unchanged.active()).isTrue();
        assertThat(unchanged.webhookToken()).isEqualTo(created.webhookToken());
    }

    @Test
    void webhookTokensAreUnguessableRotatableAndFollowTheTrigger() {
        WorkflowView created = workflows.create(ACME, ADA, "Hook", webhookDefinition("one"), true, null);
        String token = created.webhookToken();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");

        WebhookTarget target = workflows.findByWebhookToken(token).orElseThrow();
        assertThat(target.workspace()).isEqualTo(ACME);
        assertThat(target.workflow()).isEqualTo(created.id());
        assertThat(target.version()).isEqualTo(1);
        assertThat(target.active()).isTrue();
        assertThat(target.trigger().isWebhook()).isTrue();

        WorkflowView saved = workflows.update(ACME, ADA, created.id(), null, webhookDefinition("two"));
        assertThat(saved.webhookToken()).isEqualTo(token);
        assertThat(workflows.findByWebhookToken(token).orElseThrow().version()).isEqualTo(2);

        WorkflowView rotated = workflows.rotateWebhookToken(ACME, created.id());
        assertThat(rotated.webhookToken()).isNotEqualTo(token);
        assertThat(workflows.findByWebhookToken(token)).isEmpty();
        assertThat(workflows.findByWebhookToken(rotated.webhookToken())).isPresent();

        WorkflowView manual = workflows.update(ACME, ADA, created.id(), null, manualDefinition());
        assertThat(manual.webhookToken()).isNull();
        assertThat(workflows.findByWebhookToken(rotated.webhookToken())).isEmpty();
        assertThatThrownBy(() -> workflows.rotateWebhookToken(ACME, created.id()))
                .isInstanceOf(ProblemException.class);
        assertThat(workflows.findByWebhookToken("")).isEmpty();
    }

    @Test
    void tokensDifferBetweenWorkflows() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            tokens.add(workflows
                    .create(i % 2 == 0 ? ACME : GLOBEX, ADA, "Hook " + i, webhookDefinition("x"), true, null)
                    .webhookToken());
        }
        assertThat(tokens).hasSize(20);
    }

    @Test
    void activationAndDeletionAreVisibleToRunsAndPublished() {
        WorkflowView created = workflows.create(ACME, ADA, "Hook", webhookDefinition("one"), true, null);
        String token = created.webhookToken();

        assertThat(workflows.deactivate(ACME, created.id()).active()).isFalse();
        assertThat(workflows.findByWebhookToken(token).orElseThrow().active()).isFalse();
        assertThat(workflows.activate(ACME, created.id()).active()).isTrue();

        workflows.delete(ACME, created.id());
        assertThatThrownBy(() -> workflows.get(ACME, created.id())).isInstanceOf(WorkflowNotFound.class);
        assertThatThrownBy(() -> workflows.latest(ACME, created.id())).isInstanceOf(WorkflowNotFound.class);
        assertThat(workflows.findByWebhookToken(token)).isEmpty();
        // A run pinned to a version of a deleted workflow can still read it.
        assertThat(workflows.version(ACME, created.id(), 1).version()).isEqualTo(1);

        assertThat(events.stream(WorkflowChanged.class))
                .extracting(WorkflowChanged::active, WorkflowChanged::deleted)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(true, false),
                        org.assertj.core.groups.Tuple.tuple(false, false),
                        org.assertj.core.groups.Tuple.tuple(true, false),
                        org.assertj.core.groups.Tuple.tuple(false, true));
        assertThat(events.stream(WorkflowChanged.class)).allSatisfy(event -> {
            assertThat(event.workspace()).isEqualTo(ACME);
            assertThat(event.workflow()).isEqualTo(created.id());
            assertThat(event.trigger().isWebhook()).isTrue();
        });
    }

    @Test
    void aScheduleChangeIsPublishedWithItsTrigger() {
        WorkflowView created = workflows.create(
                ACME,
                ADA,
                "Daily",
                Map.of(
                        "trigger",
                        Map.of("type", "schedule", "cron", "0 9 * * *", "timezone", "Europe/London"),
                        "steps",
                        List.of()),
                true,
                null);
        workflows.update(
                ACME,
                ADA,
                created.id(),
                null,
                Map.of("trigger", Map.of("type", "schedule", "cron", "0 10 * * *"), "steps", List.of()));

        assertThat(events.stream(WorkflowChanged.class))
                .extracting(event -> event.version() + " " + event.trigger().cron() + " "
                        + event.trigger().zone())
                .containsExactly("1 0 9 * * * Europe/London", "2 0 10 * * * Z");
        assertThat(created.webhookToken()).isNull();
    }

    @Test
    void theSameIdempotencyKeyCreatesOnce() {
        WorkflowView first = workflows.create(ACME, ADA, "Once", manualDefinition(), true, "key-1");
        WorkflowView again = workflows.create(ACME, ADA, "Once", manualDefinition(), true, "key-1");
        WorkflowView otherWorkspace = workflows.create(GLOBEX, ADA, "Once", manualDefinition(), true, "key-1");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(otherWorkspace.id()).isNotEqualTo(first.id());
        assertThat(workflows.list(ACME, null, 50).items()).hasSize(1);
        assertThatThrownBy(() -> workflows.create(ACME, ADA, "Different", manualDefinition(), true, "key-1"))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("different request");
    }

    @Test
    void listsNewestFirstWithACursor() {
        for (int i = 0; i < 5; i++) {
            workflows.create(ACME, ADA, "W" + i, manualDefinition(), false, null);
        }
        WorkflowPage first = workflows.list(ACME, null, 2);
        WorkflowPage second = workflows.list(ACME, first.nextCursor(), 2);
        WorkflowPage third = workflows.list(ACME, second.nextCursor(), 2);

        assertThat(first.items()).extracting(WorkflowView::name).containsExactly("W4", "W3");
        assertThat(second.items()).extracting(WorkflowView::name).containsExactly("W2", "W1");
        assertThat(third.items()).extracting(WorkflowView::name).containsExactly("W0");
        assertThat(third.nextCursor()).isNull();
        assertThatThrownBy(() -> workflows.list(ACME, "not-a-cursor", 2)).isInstanceOf(ValidationFailed.class);
    }

    @Test
    void namesAreRequired() {
        assertThatThrownBy(() -> workflows.create(ACME, ADA, " ", manualDefinition(), true, null))
                .isInstanceOf(ValidationFailed.class)
                .hasMessage("name: is required");
        assertThat(workflows.list(ACME, null, 50).items()).isEmpty();
    }

    @Test
    void savesRefuseCredentialsTheWorkspaceDoesNotHave() {
        credentials.create(ACME, "api", "bearer", Map.of("token", "secret-token-value"));
        Map<String, Object> definition = Map.of(
                "trigger",
                Map.of("type", "manual"),
                "steps",
                List.of(
                        Map.of("id", "a", "type", "test-noop", "credential", "api"),
                        Map.of("id", "b", "type", "test-noop", "credential", "missing")));

        assertThatThrownBy(() -> workflows.create(ACME, ADA, "Creds", definition, true, null))
                .isInstanceOf(ValidationFailed.class)
                .hasMessage("/steps/1/credential: names no credential of this workspace: 'missing'");
        // Another workspace's credential of the same name does not count.
        assertThatThrownBy(() -> workflows.check(
                        GLOBEX,
                        Map.of(
                                "trigger", Map.of("type", "manual"),
                                "steps", List.of(Map.of("id", "a", "type", "test-noop", "credential", "api")))))
                .isInstanceOf(ValidationFailed.class)
                .hasMessage("/steps/0/credential: names no credential of this workspace: 'api'");

        WorkflowView created = workflows.create(
                ACME,
                ADA,
                "Creds",
                Map.of(
                        "trigger", Map.of("type", "manual"),
                        "steps", List.of(Map.of("id", "a", "type", "test-noop", "credential", "api"))),
                true,
                null);
        assertThat(workflows
                        .version(ACME, created.id(), 1)
                        .definition()
                        .steps()
                        .getFirst()
                        .credential())
                .isEqualTo("api");
    }
}
