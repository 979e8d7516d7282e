package io.levqor.console.workspace;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.identity.WorkspaceMembership;
import io.levqor.shared.ProblemException;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Members: everyone sees who is in the workspace; admins invite, change roles and remove. */
@Controller
class MemberPages {

    private final WorkspaceMembership workspaces;

    MemberPages(WorkspaceMembership workspaces) {
        this.workspaces = workspaces;
    }

    @GetMapping("/console/members")
    String list(Signed signed, Model model) {
        model.addAttribute("members", workspaces.members(signed.caller()));
        model.addAttribute(
                "invitations",
                signed.may(Role.ADMIN) ? workspaces.pendingInvitations(signed.caller()) : java.util.List.of());
        model.addAttribute(
                "roles",
                Arrays.stream(Role.values())
                        .filter(r -> r != Role.OWNER)
                        .map(Role::apiName)
                        .toList());
        model.addAttribute("me", signed.user().userId());
        return "console/workspace/members";
    }

    @PostMapping("/console/members/invitations")
    @ConsoleRole(Role.ADMIN)
    String invite(
            Signed signed,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "user") String role,
            RedirectAttributes redirect) {
        act(redirect, "Invitation sent to " + email.trim() + ".", () -> {
            workspaces.invite(signed.caller(), email, Role.fromApiName(role));
        });
        return "redirect:/console/members";
    }

    @PostMapping("/console/members/{userId}/role")
    @ConsoleRole(Role.ADMIN)
    String changeRole(
            Signed signed, @PathVariable UUID userId, @RequestParam String role, RedirectAttributes redirect) {
        act(redirect, "Role changed.", () -> {
            workspaces.changeRole(signed.caller(), new UserId(userId), Role.fromApiName(role));
        });
        return "redirect:/console/members";
    }

    @PostMapping("/console/members/{userId}/remove")
    @ConsoleRole(Role.ADMIN)
    String remove(Signed signed, @PathVariable UUID userId, RedirectAttributes redirect) {
        act(redirect, "Member removed.", () -> workspaces.remove(signed.caller(), new UserId(userId)));
        return "redirect:/console/members";
    }

    // Refusals the member can act on (the last owner, a bad address) come back as a message on the same page.
    private static void act(RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            Flash.ok(redirect, done);
        } catch (ProblemException problem) {
            Flash.error(redirect, problem.detail());
        } catch (IllegalArgumentException bad) {
            Flash.error(redirect, "Unknown role.");
        }
    }
}
