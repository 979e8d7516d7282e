package io.levqor.shared;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling, in which workspace, with which role: what identity resolves from an access token or an API
 * key. Controllers take it as a parameter; every query they make filters by {@link #workspace()}.
 *
 * @param user the signed-in user; null when an API key calls
 * @param apiKeyId the API key's id when one is used; null for a user's token
 */
public record Caller(
        WorkspaceId workspace,
        @Nullable UserId user,
        Role role,
        @Nullable String apiKeyId) {

    public boolean may(Role required) {
        return role.atLeast(required);
    }
}
