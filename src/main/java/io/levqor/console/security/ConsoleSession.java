package io.levqor.console.security;

import io.levqor.identity.Issued;
import io.levqor.identity.MyWorkspace;
import io.levqor.identity.WorkspaceMembership;
import io.levqor.shared.Caller;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Starts, reads and moves console sessions. The role is looked up on every request rather than kept in the session,
 * so a demotion or removal takes effect on the member's next click.
 */
@Component
public class ConsoleSession {

    private final SecurityContextRepository repository;
    private final WorkspaceMembership workspaces;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    ConsoleSession(SecurityContextRepository consoleSecurityContextRepository, WorkspaceMembership workspaces) {
        this.repository = consoleSecurityContextRepository;
        this.workspaces = workspaces;
    }

    /** Signs the browser in with what identity issued at signup or login; a new session id defeats fixation. */
    public void signIn(Issued issued, String email, HttpServletRequest request, HttpServletResponse response) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        store(
                new ConsoleUser(issued.user().value(), email, issued.workspace().value(), issued.refreshToken()),
                request,
                response);
    }

    public Optional<ConsoleUser> current() {
        Authentication authentication = holder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ConsoleUser user
                ? Optional.of(user)
                : Optional.empty();
    }

    /** The signed-in user's view: their workspaces and their role in the current one; empty when signed out. */
    public Optional<Signed> signed() {
        return current().flatMap(user -> {
            List<MyWorkspace> mine = workspaces.mine(new Caller(user.workspace(), user.user(), Role.VIEWER, null));
            return mine.stream()
                    .filter(ws -> ws.id().equals(user.workspace()))
                    .findFirst()
                    .or(() -> mine.stream().findFirst())
                    .map(current -> new Signed(
                            user, new Caller(current.id(), user.user(), current.role(), null), current, mine));
        });
    }

    /** Moves the session to another of the user's workspaces (identity checks the membership and audits it). */
    public void switchTo(WorkspaceId target, HttpServletRequest request, HttpServletResponse response) {
        Signed signed = signed().orElseThrow();
        Issued issued = workspaces.switchTo(signed.caller(), target);
        store(signed.user().inWorkspace(issued.workspace(), issued.refreshToken()), request, response);
    }

    private void store(ConsoleUser user, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(new ConsoleAuthentication(user));
        holder.setContext(context);
        repository.saveContext(context, request, response);
    }

    /** A signed-in user in their current workspace, with the {@link Caller} the facades take. */
    public record Signed(ConsoleUser user, Caller caller, MyWorkspace workspace, List<MyWorkspace> workspaces) {

        public Role role() {
            return caller.role();
        }

        public boolean may(Role role) {
            return caller.may(role);
        }
    }
}
