package io.levqor.console.workspace;

import io.levqor.console.security.ConsoleSession;
import io.levqor.console.web.Flash;
import io.levqor.identity.WorkspaceMembership;
import io.levqor.shared.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Where the invitation e-mail's link ({@code /invitations/accept?token=…}) lands. A signed-in user accepts and is
 * moved into the workspace; a visitor logs in or signs up first and is brought back here, the token waiting in the
 * browser session meanwhile. Identity checks that the invitation is for the signed-in user's address.
 */
@Controller
public class InvitationPages {

    /** The browser session attribute that holds an invitation token across login or signup. */
    public static final String PENDING = "levqor.pendingInvitation";

    private final WorkspaceMembership workspaces;
    private final ConsoleSession session;

    InvitationPages(WorkspaceMembership workspaces, ConsoleSession session) {
        this.workspaces = workspaces;
        this.session = session;
    }

    /** Where login and signup continue: back here while an invitation waits, else empty. */
    public static Optional<String> continuation(HttpServletRequest request) {
        HttpSession http = request.getSession(false);
        return http != null && http.getAttribute(PENDING) instanceof String
                ? Optional.of("/invitations/accept")
                : Optional.empty();
    }

    @GetMapping("/invitations/accept")
    String page(@RequestParam(required = false) @Nullable String token, Model model, HttpServletRequest request) {
        if (token != null && !token.isBlank()) {
            request.getSession().setAttribute(PENDING, token.trim());
        }
        HttpSession http = request.getSession(false);
        Object pending = http == null ? null : http.getAttribute(PENDING);
        model.addAttribute("hasToken", pending instanceof String);
        model.addAttribute("signedInAs", session.current().map(u -> u.email()).orElse(null));
        return "console/invitation";
    }

    @PostMapping("/invitations/accept")
    String accept(Model model, HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        var signed = session.signed();
        HttpSession http = request.getSession(false);
        Object token = http == null ? null : http.getAttribute(PENDING);
        if (signed.isEmpty() || !(token instanceof String pending)) {
            return "redirect:/invitations/accept";
        }
        try {
            var joined = workspaces.accept(signed.get().caller(), pending);
            http.removeAttribute(PENDING);
            session.switchTo(joined.id(), request, response);
            Flash.ok(
                    redirect,
                    "You joined " + joined.name() + " as " + joined.role().apiName() + ".");
            return "redirect:/console/workflows";
        } catch (ProblemException problem) {
            response.setStatus(problem.status().value());
            model.addAttribute("hasToken", true);
            model.addAttribute("signedInAs", signed.get().user().email());
            model.addAttribute("formError", problem.detail());
            return "console/invitation";
        }
    }
}
