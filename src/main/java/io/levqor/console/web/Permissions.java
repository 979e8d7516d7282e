package io.levqor.console.web;

import io.levqor.shared.Role;

/**
 * What the signed-in member may do, for templates to show or hide buttons. Hiding is a courtesy: every POST is
 * checked again by {@link ConsoleRoleInterceptor}.
 */
public record Permissions(String role, boolean run, boolean edit, boolean admin, boolean owner) {

    static final Permissions NONE = new Permissions("", false, false, false, false);

    static Permissions of(Role role) {
        return new Permissions(
                role.apiName(),
                role.atLeast(Role.USER),
                role.atLeast(Role.MANAGER),
                role.atLeast(Role.ADMIN),
                role.atLeast(Role.OWNER));
    }
}
