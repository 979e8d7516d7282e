package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The permission matrix of docs/security.md, row by row: each role may do exactly what its row says. */
@LevqorIntegrationTest
class RoleMatrixIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** One row of the matrix: a call and the least role that may make it. */
    record Row(String method, String path, Role least, Function<Fixture, String> concretePath, Object body) {}

    record Fixture(Account target, String apiKeyId, String invitationId) {}

    static final List<Row> MATRIX = List.of(
            row("GET", "/api/v1/me", Role.VIEWER, null),
            row("GET", "/api/v1/workspaces", Role.VIEWER, null),
            row("POST", "/api/v1/workspaces", Role.VIEWER, Map.of("name", "Another")),
            row("GET", "/api/v1/members", Role.VIEWER, null),
            row("GET", "/api/v1/invitations", Role.ADMIN, null),
            row("POST", "/api/v1/invitations", Role.ADMIN, Map.of("email", "someone@example.test", "role", "viewer")),
            new Row(
                    "DELETE",
                    "/api/v1/invitations/{id}",
                    Role.ADMIN,
                    f -> "/api/v1/invitations/" + f.invitationId(),
                    null),
            row("GET", "/api/v1/api-keys", Role.ADMIN, null),
            row("POST", "/api/v1/api-keys", Role.ADMIN, Map.of("name", "k", "role", "viewer")),
            new Row("DELETE", "/api/v1/api-keys/{id}", Role.ADMIN, f -> "/api/v1/api-keys/" + f.apiKeyId(), null),
            row("GET", "/api/v1/audit-log", Role.ADMIN, null),
            row("GET", "/api/v1/audit-log/verification", Role.ADMIN, null),
            row("PATCH", "/api/v1/workspace", Role.ADMIN, Map.of("name", "Renamed")),
            new Row(
                    "PATCH",
                    "/api/v1/members/{userId}",
                    Role.ADMIN,
                    f -> "/api/v1/members/" + f.target().userId(),
                    Map.of("role", "user")),
            new Row(
                    "DELETE",
                    "/api/v1/members/{userId}",
                    Role.ADMIN,
                    f -> "/api/v1/members/" + f.target().userId(),
                    null),
            // An id the token does not act on: the owner passes the role check and gets 404, so nothing is deleted
            // here (WorkspaceDeletionIntegrationTests deletes for real).
            new Row(
                    "DELETE",
                    "/api/v1/workspaces/{id}",
                    Role.OWNER,
                    f -> "/api/v1/workspaces/" + UUID.randomUUID(),
                    null),
            new Row(
                    "POST",
                    "/api/v1/members/{userId}/transfer-ownership",
                    Role.OWNER,
                    f -> "/api/v1/members/" + f.target().userId() + "/transfer-ownership",
                    null));

    static Row row(String method, String path, Role least, Object body) {
        return new Row(method, path, least, f -> path, body);
    }

    @Test
    void eachRoleMayDoExactlyWhatTheMatrixSays() {
        Account owner = accounts.signUp();
        Map<Role, Account> members = new EnumMap<>(Role.class);
        members.put(Role.OWNER, owner);
        for (Role role : List.of(Role.ADMIN, Role.MANAGER, Role.USER, Role.VIEWER)) {
            members.put(role, accounts.member(owner, role));
        }
        Fixture fixture = new Fixture(
                accounts.member(owner, Role.VIEWER),
                keyId(owner, accounts.apiKey(owner, Role.VIEWER)),
                api.post("/api/v1/invitations", Map.of("email", TestAccounts.uniqueEmail(), "role", "user"))
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("id")
                        .asString());

        SoftAssertions softly = new SoftAssertions();
        for (Row row : MATRIX) {
            // Lowest role first, so that a call that changes something (a removal) comes after every refusal.
            for (Role role : List.of(Role.VIEWER, Role.USER, Role.MANAGER, Role.ADMIN, Role.OWNER)) {
                Response response = call(row, fixture, members.get(role).accessToken());
                if (role.atLeast(row.least())) {
                    softly.assertThat(response.status())
                            .as("%s %s as %s: %s", row.method(), row.path(), role, response.body())
                            .isNotIn(401, 403)
                            .isLessThan(500);
                } else {
                    softly.assertThat(response.status())
                            .as("%s %s as %s", row.method(), row.path(), role)
                            .isEqualTo(403);
                    softly.assertThat(response.contentType()).startsWith("application/problem+json");
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void theMatrixIsWhatTheAnnotationsSay() {
        List<String> annotated = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping :
                mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = mapping.getValue();
            if (!handler.getBeanType().getPackageName().startsWith("io.levqor.identity")) {
                continue;
            }
            RequiresRole required = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequiresRole.class);
            if (required == null) {
                required = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequiresRole.class);
            }
            if (required == null || required.value() == Role.VIEWER) {
                continue;
            }
            for (String path : mapping.getKey().getPatternValues()) {
                if (path.startsWith("/api/v1/test/")) {
                    continue;
                }
                for (var method : mapping.getKey().getMethodsCondition().getMethods()) {
                    annotated.add(method + " " + path + " " + required.value());
                }
            }
        }
        List<String> documented = MATRIX.stream()
                .filter(row -> row.least() != Role.VIEWER)
                .map(row -> row.method() + " " + row.path() + " " + row.least())
                .toList();

        assertThat(annotated).containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void anApiKeyActsWithItsRole() {
        Account owner = accounts.signUp();
        String viewerKey = accounts.apiKey(owner, Role.VIEWER);
        String adminKey = accounts.apiKey(owner, Role.ADMIN);

        assertThat(api.get("/api/v1/members").bearer(viewerKey).send().status()).isEqualTo(200);
        assertThat(api.get("/api/v1/api-keys").bearer(viewerKey).send().status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/api-keys").bearer(adminKey).send().status()).isEqualTo(200);
        Response escalation = api.post("/api/v1/api-keys", Map.of("name", "k", "role", "owner"))
                .bearer(adminKey)
                .send();
        assertThat(escalation.status()).isEqualTo(403);
    }

    @Test
    void onlyThePlatformOperatorReachesAdminEndpoints() {
        Account owner = accounts.signUp();

        Response response =
                api.get("/api/v1/admin/workspaces").bearer(owner.accessToken()).send();

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/admin/workspaces").send().status()).isEqualTo(401);
    }

    private Response call(Row row, Fixture fixture, String token) {
        String path = row.concretePath().apply(fixture);
        Object body = row.body() == null ? Map.of() : row.body();
        HttpApi.Call call = switch (row.method()) {
            case "GET" -> api.get(path);
            case "DELETE" -> api.delete(path);
            case "POST" -> api.post(path, body);
            case "PATCH" -> api.patch(path, body);
            default -> api.put(path, body);
        };
        return call.bearer(token).send();
    }

    private String keyId(Account owner, String key) {
        for (var item : api.get("/api/v1/api-keys")
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("items")) {
            if (key.startsWith(item.get("prefix").asString())) {
                return item.get("id").asString();
            }
        }
        return UUID.randomUUID().toString();
    }
}
