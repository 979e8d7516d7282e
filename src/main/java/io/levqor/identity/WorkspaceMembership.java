package io.levqor.identity;

import io.levqor.identity.internal.Workspaces;
import io.levqor.shared.Caller;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * A caller's workspaces and the members of the current one, for other modules (the console). Permission rules are
 * those of the API: the caller's role is checked here as it is behind {@code /api/v1/members} and friends.
 */
@Service
public class WorkspaceMembership {

    private final Workspaces workspaces;

    WorkspaceMembership(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    public List<MyWorkspace> mine(Caller caller) {
        return workspaces.mine(caller);
    }

    /** A token pair for another of the caller's workspaces (membership checked, audited). */
    public Issued switchTo(Caller caller, WorkspaceId target) {
        return workspaces.switchTo(caller, target);
    }

    public List<Member> members(Caller caller) {
        return workspaces.members(caller);
    }

    public List<Invitation> pendingInvitations(Caller caller) {
        return workspaces.pendingInvitations(caller);
    }

    public Invitation invite(Caller caller, String email, Role role) {
        return workspaces.invite(caller, email, role);
    }

    /** Accepts an invitation by its mailed token: the caller joins that workspace with the invited role. */
    public MyWorkspace accept(Caller caller, String token) {
        return workspaces.accept(caller, token);
    }

    public void revokeInvitation(Caller caller, UUID invitation) {
        workspaces.revokeInvitation(caller, invitation);
    }

    public Member changeRole(Caller caller, UserId member, Role role) {
        return workspaces.changeRole(caller, member, role);
    }

    public void remove(Caller caller, UserId member) {
        workspaces.remove(caller, member);
    }
}
