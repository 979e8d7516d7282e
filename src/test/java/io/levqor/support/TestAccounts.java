package io.levqor.support;

import io.levqor.shared.Role;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Accounts for tests, made through the real HTTP API: {@code accounts.signUp()} gives an owner with a token for
 * their new workspace; {@code member(owner, Role.USER)} a second user in that workspace with that role;
 * {@code apiKey(owner, Role.ADMIN)} an API key of the owner's workspace.
 */
public final class TestAccounts {

    /** A signed-in user, with a token pair for {@code workspaceId}. */
    public record Account(
            String userId,
            String workspaceId,
            String email,
            String password,
            String accessToken,
            String refreshToken,
            Role role) {}

    public static final String PASSWORD = "correct horse battery";
    private static final Pattern TOKEN = Pattern.compile("(?m)^(?:Reset|Verification|Invitation) token: (\\S+)$");

    private final HttpApi api;

    public TestAccounts(HttpApi api) {
        this.api = api;
    }

    /** A new user with a personal workspace, signed in as its owner. */
    public Account signUp() {
        return signUp(uniqueEmail(), PASSWORD);
    }

    public Account signUp(String email, String password) {
        HttpApi.Response response = api.post(
                        "/api/v1/auth/signup", Map.of("email", email, "password", password, "name", "Test User"))
                .send();
        if (response.status() != 201) {
            throw new IllegalStateException("Signup failed: " + response);
        }
        JsonNode json = response.json();
        return new Account(
                json.get("userId").asString(),
                json.get("workspaceId").asString(),
                email,
                password,
                json.get("accessToken").asString(),
                json.get("refreshToken").asString(),
                Role.OWNER);
    }

    /** A new user who joined the owner's workspace with {@code role} (invited and accepted), signed in there. */
    public Account member(Account owner, Role role) {
        if (role == Role.OWNER) {
            throw new IllegalArgumentException("A workspace has one owner; transfer ownership instead");
        }
        Account joiner = signUp();
        HttpApi.Response invited = api.post(
                        "/api/v1/invitations", Map.of("email", joiner.email(), "role", role.apiName()))
                .bearer(owner.accessToken())
                .send();
        if (invited.status() != 201) {
            throw new IllegalStateException("Invitation failed: " + invited);
        }
        String token = mailedToken(joiner.email(), "invitation");
        HttpApi.Response accepted = api.post("/api/v1/invitations/accept", Map.of("token", token))
                .bearer(joiner.accessToken())
                .send();
        if (accepted.status() != 200) {
            throw new IllegalStateException("Accepting failed: " + accepted);
        }
        HttpApi.Response switched = api.post(
                        "/api/v1/auth/switch-workspace", Map.of("workspaceId", owner.workspaceId()))
                .bearer(joiner.accessToken())
                .send();
        if (switched.status() != 200) {
            throw new IllegalStateException("Switching failed: " + switched);
        }
        return new Account(
                joiner.userId(),
                owner.workspaceId(),
                joiner.email(),
                joiner.password(),
                switched.json().get("accessToken").asString(),
                switched.json().get("refreshToken").asString(),
                role);
    }

    /** A new API key ({@code lvq_…}) of the owner's workspace with {@code role}. */
    public String apiKey(Account owner, Role role) {
        HttpApi.Response created = api.post("/api/v1/api-keys", Map.of("name", "test key", "role", role.apiName()))
                .bearer(owner.accessToken())
                .send();
        if (created.status() != 201) {
            throw new IllegalStateException("API key creation failed: " + created);
        }
        return created.json().get("key").asString();
    }

    /** The token in the newest mail of this category (verify-email, password-reset, invitation) to the address. */
    public String mailedToken(String email, String category) {
        JsonNode items =
                api.get("/api/v1/dev/mailbox?to=" + email).send().json().get("items");
        for (JsonNode mail : items) {
            if (category.equals(mail.path("category").asString(""))) {
                Matcher matcher = TOKEN.matcher(mail.get("text").asString());
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        }
        throw new IllegalStateException("No " + category + " mail to " + email);
    }

    public static String uniqueEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
    }
}
