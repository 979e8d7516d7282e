package io.levqor.console.web;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the layout needs on every page: who is signed in, their workspaces, the navigation, what they may do. */
public record ConsoleFrame(
        boolean signedIn,
        @Nullable String userEmail,
        List<WorkspaceChoice> workspaces,
        List<NavItem> navigation,
        Permissions can,
        boolean devMailbox) {

    static ConsoleFrame anonymous(boolean devMailbox) {
        return new ConsoleFrame(false, null, List.of(), List.of(), Permissions.NONE, devMailbox);
    }

    /** One entry of the workspace switcher. */
    public record WorkspaceChoice(String id, String name, String role, boolean current) {}

    /** One link of the main navigation; {@code current} marks the section being shown. */
    public record NavItem(String label, String path, boolean current) {}
}
