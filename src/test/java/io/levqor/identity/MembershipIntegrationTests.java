package io.levqor.identity;

import static io.levqor.identity.TokenLifecycleIntegrationTests.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class MembershipIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    MutableClock clock;

    @Test
    void anInvitationIsAcceptedOnceByItsAddressee() {
        Account owner = accounts.signUp();
        Account invitee = accounts.signUp();
        Account other = accounts.signUp();
        Response invited = invite(owner, invitee.email(), "manager");
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        assertThat(invited.json().has("token")).isFalse();
        String token = accounts.mailedToken(invitee.email(), "invitation");

        assertThat(accept(other, token).status()).isEqualTo(400);
        Response accepted = accept(invitee, token);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("workspaceId").asString()).isEqualTo(owner.workspaceId());
        assertThat(accepted.json().get("role").asString()).isEqualTo("manager");
        assertThat(accept(invitee, token).status()).isEqualTo(400);

        JsonNode members = api.get("/api/v1/members")
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("items");
        assertThat(members.findValuesAsString("email")).containsExactlyInAnyOrder(owner.email(), invitee.email());
    }

    @Test
    void anExpiredInvitationIsRefused() {
        Account owner = accounts.signUp();
        Account invitee = accounts.signUp();
        invite(owner, invitee.email(), "user");
        String token = accounts.mailedToken(invitee.email(), "invitation");

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        Response refreshed = api.post(
                        "/api/v1/auth/login", Map.of("email", invitee.email(), "password", invitee.password()))
                .send();

        assertThat(accept(refreshed.json().get("accessToken").asString(), token).status())
                .isEqualTo(400);
    }

    @Test
    void anAdminCannotInviteOrPromoteAboveTheirOwnRole() {
        Account owner = accounts.signUp();
        Account admin = accounts.member(owner, Role.ADMIN);
        Account user = accounts.member(owner, Role.USER);

        assertThat(invite(admin, TestAccounts.uniqueEmail(), "owner").status()).isEqualTo(400);
        Response promote = api.patch("/api/v1/members/" + user.userId(), Map.of("role", "owner"))
                .bearer(admin.accessToken())
                .send();
        assertThat(promote.status()).isEqualTo(409);
        Response demoteOwner = api.patch("/api/v1/members/" + owner.userId(), Map.of("role", "viewer"))
                .bearer(admin.accessToken())
                .send();
        assertThat(demoteOwner.status()).isEqualTo(409);
        Response toManager = api.patch("/api/v1/members/" + user.userId(), Map.of("role", "manager"))
                .bearer(admin.accessToken())
                .send();
        assertThat(toManager.status()).isEqualTo(200);
        assertThat(toManager.json().get("role").asString()).isEqualTo("manager");
    }

    @Test
    void aRoleChangeAppliesToTheMembersNextRequest() {
        Account owner = accounts.signUp();
        Account user = accounts.member(owner, Role.ADMIN);
        assertThat(api.get("/api/v1/api-keys").bearer(user.accessToken()).send().status())
                .isEqualTo(200);

        api.patch("/api/v1/members/" + user.userId(), Map.of("role", "viewer"))
                .bearer(owner.accessToken())
                .send();

        assertThat(api.get("/api/v1/api-keys").bearer(user.accessToken()).send().status())
                .isEqualTo(403);
    }

    @Test
    void aRemovedMemberLosesAccessAtOnce() {
        Account owner = accounts.signUp();
        Account member = accounts.member(owner, Role.USER);

        Response removed = api.delete("/api/v1/members/" + member.userId())
                .bearer(owner.accessToken())
                .send();

        assertThat(removed.status()).isEqualTo(204);
        assertUnauthorized(
                api.get("/api/v1/members").bearer(member.accessToken()).send());
        assertThat(api.delete("/api/v1/members/" + owner.userId())
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(409);
    }

    @Test
    void theOwnerTransfersOwnershipAndBecomesAdmin() {
        Account owner = accounts.signUp();
        Account admin = accounts.member(owner, Role.ADMIN);

        Response transferred = api.post("/api/v1/members/" + admin.userId() + "/transfer-ownership", Map.of())
                .bearer(owner.accessToken())
                .send();

        assertThat(transferred.status()).as(transferred.body()).isEqualTo(200);
        JsonNode members = api.get("/api/v1/members")
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("items");
        for (JsonNode member : members) {
            String expected = member.get("userId").asString().equals(admin.userId()) ? "owner" : "admin";
            assertThat(member.get("role").asString()).isEqualTo(expected);
        }
        assertThat(api.get("/api/v1/me")
                        .bearer(admin.accessToken())
                        .send()
                        .json()
                        .get("role")
                        .asString())
                .isEqualTo("owner");
    }

    @Test
    void pendingInvitationsAreListedAndRevocable() {
        Account owner = accounts.signUp();
        String id = invite(owner, TestAccounts.uniqueEmail(), "viewer")
                .json()
                .get("id")
                .asString();

        assertThat(api.get("/api/v1/invitations")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("items"))
                .hasSize(1);
        assertThat(api.delete("/api/v1/invitations/" + id)
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/invitations")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("items"))
                .isEmpty();
    }

    private Response invite(Account by, String email, String role) {
        return api.post("/api/v1/invitations", Map.of("email", email, "role", role))
                .bearer(by.accessToken())
                .send();
    }

    private Response accept(Account by, String token) {
        return accept(by.accessToken(), token);
    }

    private Response accept(String accessToken, String token) {
        return api.post("/api/v1/invitations/accept", Map.of("token", token))
                .bearer(accessToken)
                .send();
    }
}
