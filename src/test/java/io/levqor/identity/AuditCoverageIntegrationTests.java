package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Workflow and credential changes enter the hash-chained audit log with who made them; the chain verifies. */
@LevqorIntegrationTest
class AuditCoverageIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    AuditTrail audit;

    @Test
    void workflowSavesActivationsAndDeletionsAreAuditedWithTheirActor() {
        Account owner = accounts.signUp();
        Response created = api.post(
                        "/api/v1/workflows", Map.of("name", "audited", "active", false, "definition", definition(1)))
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();
        String path = "/api/v1/workflows/" + id;

        assertThat(api.put(path, Map.of("definition", definition(2)))
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.post(path + "/activate", Map.of())
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.post(path + "/deactivate", Map.of())
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.delete(path).bearer(owner.accessToken()).send().status()).isEqualTo(204);

        WorkspaceId workspace = WorkspaceId.of(owner.workspaceId());
        List<AuditEntry> entries = audit.page(workspace, null, 100).stream()
                .filter(e -> e.action().startsWith("workflow."))
                .toList()
                .reversed();
        assertThat(entries)
                .extracting(AuditEntry::action)
                .containsExactly(
                        "workflow.created",
                        "workflow.saved",
                        "workflow.activated",
                        "workflow.deactivated",
                        "workflow.deleted");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("user:" + owner.userId());
            assertThat(e.target()).startsWith("workflow:" + id);
        });
        assertThat(entries.get(1).target()).contains("version=2");
        assertThat(audit.verify(workspace).intact()).isTrue();
    }

    @Test
    void credentialChangesAreAuditedOnceWithoutTheirData() {
        Account owner = accounts.signUp();
        Response created = api.post(
                        "/api/v1/credentials",
                        Map.of("name", "crm", "type", "bearer", "data", Map.of("token", "very-secret-token-1")))
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();
        api.put("/api/v1/credentials/" + id, Map.of("data", Map.of("token", "very-secret-token-2")))
                .bearer(owner.accessToken())
                .send();
        api.delete("/api/v1/credentials/" + id).bearer(owner.accessToken()).send();

        WorkspaceId workspace = WorkspaceId.of(owner.workspaceId());
        List<AuditEntry> entries = audit.page(workspace, null, 100).stream()
                .filter(e -> e.action().startsWith("credential."))
                .toList();
        assertThat(entries)
                .extracting(AuditEntry::action)
                .containsExactlyInAnyOrder("credential.created", "credential.replaced", "credential.deleted");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("user:" + owner.userId());
            assertThat(e.target()).startsWith("credential:" + id).doesNotContain("very-secret");
        });
        assertThat(audit.verify(workspace).intact()).isTrue();
    }

    @Test
    void recordOnceRecordsAnEventDeliveredTwiceOnce() {
        WorkspaceId workspace = WorkspaceId.newId();

        audit.recordOnce(workspace, "system", "billing.payment-succeeded", "payment:1 amount=1900 USD");
        audit.recordOnce(workspace, "system", "billing.payment-succeeded", "payment:1 amount=1900 USD");
        audit.recordOnce(workspace, "system", "billing.payment-succeeded", "payment:2 amount=1900 USD");

        assertThat(audit.page(workspace, null, 10))
                .extracting(AuditEntry::target)
                .containsExactly("payment:2 amount=1900 USD", "payment:1 amount=1900 USD");
        assertThat(audit.verify(workspace).intact()).isTrue();
    }

    private static Map<String, Object> definition(int output) {
        return Map.of(
                "trigger",
                Map.of("type", "manual"),
                "steps",
                List.of(Map.of("id", "t", "type", "transform", "output", output)));
    }
}
