package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestDatabase;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class AuditTrailIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    AuditTrail audit;

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

    @Test
    void securityEventsAreRecordedWithActorTargetAndAddress() {
        Account owner = accounts.signUp();
        accounts.apiKey(owner, Role.VIEWER);
        api.post("/api/v1/auth/login", Map.of("email", owner.email(), "password", "wrong password"))
                .send();
        api.post("/api/v1/auth/login", Map.of("email", owner.email(), "password", owner.password()))
                .send();

        JsonNode page =
                api.get("/api/v1/audit-log").bearer(owner.accessToken()).send().json();

        assertThat(page.get("items").findValuesAsString("action"))
                .containsSubsequence("login.succeeded", "login.failed", "api-key.created", "user.signed-up");
        JsonNode newest = page.get("items").get(0);
        assertThat(newest.get("actor").asString()).isEqualTo("user:" + owner.userId());
        assertThat(newest.get("ip").asString()).isNotBlank();
        assertThat(newest.get("at").asString()).isNotBlank();
    }

    @Test
    void theAuditLogIsPaginatedByCursor() {
        Account owner = accounts.signUp();
        for (int i = 0; i < 4; i++) {
            accounts.apiKey(owner, Role.VIEWER);
        }

        JsonNode first = api.get("/api/v1/audit-log?limit=3")
                .bearer(owner.accessToken())
                .send()
                .json();
        JsonNode second = api.get("/api/v1/audit-log?limit=3&cursor="
                        + first.get("nextCursor").asString())
                .bearer(owner.accessToken())
                .send()
                .json();

        assertThat(first.get("items")).hasSize(3);
        assertThat(second.get("items")).hasSize(2);
        assertThat(second.has("nextCursor")).isFalse();
    }

    @Test
    void anIntactChainVerifies() {
        Account owner = accounts.signUp();
        accounts.apiKey(owner, Role.VIEWER);
        accounts.apiKey(owner, Role.USER);

        JsonNode verification = api.get("/api/v1/audit-log/verification")
                .bearer(owner.accessToken())
                .send()
                .json();

        assertThat(verification.get("intact").asBoolean()).isTrue();
        assertThat(verification.get("entries").asLong()).isEqualTo(3);
    }

    @Test
    void anEditedEntryIsFound() {
        Account owner = accounts.signUp();
        accounts.apiKey(owner, Role.VIEWER);
        accounts.apiKey(owner, Role.USER);

        jdbc.sql("UPDATE audit_log SET actor = 'user:someone-else' WHERE tenant_id = :t AND seq = 2")
                .param("t", UUID.fromString(owner.workspaceId()))
                .update();

        AuditVerification verification = audit.verify(workspace(owner));
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(2L);
    }

    @Test
    void aDeletedEntryIsFound() {
        Account owner = accounts.signUp();
        accounts.apiKey(owner, Role.VIEWER);
        accounts.apiKey(owner, Role.USER);

        jdbc.sql("DELETE FROM audit_log WHERE tenant_id = :t AND seq = 2")
                .param("t", UUID.fromString(owner.workspaceId()))
                .update();
        assertThat(audit.verify(workspace(owner)).firstBrokenSeq()).isEqualTo(2L);

        jdbc.sql("DELETE FROM audit_log WHERE tenant_id = :t AND seq = 3")
                .param("t", UUID.fromString(owner.workspaceId()))
                .update();
        assertThat(audit.verify(workspace(owner)).firstBrokenSeq()).isEqualTo(2L);
    }

    @Test
    void aRecomputedButRelinkedEntryIsFound() {
        Account owner = accounts.signUp();
        accounts.apiKey(owner, Role.VIEWER);
        accounts.apiKey(owner, Role.USER);

        // Swapping two entries' hashes keeps each row self-consistent only if the links were not checked.
        jdbc.sql("UPDATE audit_log SET prev_hash = decode(repeat('00', 32), 'hex') WHERE tenant_id = :t AND seq = 3")
                .param("t", UUID.fromString(owner.workspaceId()))
                .update();

        assertThat(audit.verify(workspace(owner)).firstBrokenSeq()).isEqualTo(3L);
    }

    private static WorkspaceId workspace(Account account) {
        return new WorkspaceId(UUID.fromString(account.workspaceId()));
    }
}
