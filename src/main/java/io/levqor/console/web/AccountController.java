package io.levqor.console.web;

import io.levqor.console.security.ConsoleSession;
import io.levqor.identity.ConsoleAccounts;
import io.levqor.identity.Issued;
import io.levqor.identity.RequestInfo;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Sign up, log in, verify the e-mail address, reset a forgotten password, switch workspace. The paths match the
 * links in identity's e-mails ({@code /verify-email}, {@code /reset-password}, {@code /login}). Every answer
 * comes from identity's account facade, so the console keeps the API's enumeration safety and login throttling.
 */
@Controller
class AccountController {

    private final ConsoleAccounts accounts;
    private final ConsoleSession session;

    AccountController(ConsoleAccounts accounts, ConsoleSession session) {
        this.accounts = accounts;
        this.session = session;
    }

    @GetMapping("/login")
    String loginPage(@RequestParam(required = false) @Nullable String loggedOut, Model model) {
        if (loggedOut != null) {
            model.addAttribute("flash", new Flash("ok", "You are logged out."));
        }
        return "console/login";
    }

    @PostMapping("/login")
    String login(
            @RequestParam String email,
            @RequestParam String password,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        try {
            Issued issued = accounts.logIn(email, password, RequestInfo.of(request));
            session.signIn(issued, email.trim().toLowerCase(java.util.Locale.ROOT), request, response);
            return "redirect:"
                    + io.levqor.console.workspace.InvitationPages.continuation(request)
                            .orElse("/console/workflows");
        } catch (ProblemException problem) {
            response.setStatus(problem.status().value());
            model.addAttribute("email", email);
            model.addAttribute("formError", problem.detail());
            return "console/login";
        }
    }

    @GetMapping("/signup")
    String signupPage(@RequestParam(defaultValue = "") String ref, Model model) {
        model.addAttribute("ref", referralCode(ref));
        return "console/signup";
    }

    // A referral link's ?ref= rides along in a hidden field; anything that cannot be a code is dropped, not shown.
    private static String referralCode(String ref) {
        String code = ref.strip();
        return code.length() <= 64 && code.chars().allMatch(Character::isLetterOrDigit) ? code : "";
    }

    @PostMapping("/signup")
    String signup(
            @RequestParam(defaultValue = "") String name,
            @RequestParam String email,
            @RequestParam String password,
            @RequestParam(defaultValue = "") String ref,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            Issued issued = accounts.signUp(
                    email,
                    password,
                    name.isBlank() ? null : name,
                    referralCode(ref).isEmpty() ? null : referralCode(ref));
            session.signIn(issued, email.trim().toLowerCase(java.util.Locale.ROOT), request, response);
            if (session.signed().isEmpty()) {
                // The address already had an account (identity answers alike and tells its owner by e-mail).
                request.getSession().invalidate();
                Flash.ok(redirect, "Check your e-mail to continue.");
                return "redirect:/login";
            }
            Flash.ok(redirect, "Welcome to Levqor. We sent a link to " + email.trim() + " to confirm the address.");
            return "redirect:"
                    + io.levqor.console.workspace.InvitationPages.continuation(request)
                            .orElse("/console/workflows");
        } catch (ValidationFailed invalid) {
            response.setStatus(400);
            model.addAttribute("name", name);
            model.addAttribute("email", email);
            model.addAttribute("errors", byField(invalid));
            model.addAttribute("ref", referralCode(ref));
            return "console/signup";
        } catch (ProblemException problem) {
            response.setStatus(problem.status().value());
            model.addAttribute("name", name);
            model.addAttribute("email", email);
            model.addAttribute("formError", problem.detail());
            model.addAttribute("ref", referralCode(ref));
            return "console/signup";
        }
    }

    @GetMapping("/verify-email")
    String verify(@RequestParam(defaultValue = "") String token, Model model, HttpServletResponse response) {
        try {
            accounts.verifyEmail(token);
            model.addAttribute("verified", true);
        } catch (ValidationFailed invalid) {
            response.setStatus(400);
            model.addAttribute("verified", false);
        }
        return "console/verified";
    }

    @GetMapping("/forgot-password")
    String forgotPage() {
        return "console/forgot-password";
    }

    @PostMapping("/forgot-password")
    String forgot(@RequestParam String email, Model model, HttpServletResponse response) {
        try {
            accounts.requestPasswordReset(email);
            model.addAttribute("sent", true);
        } catch (ValidationFailed invalid) {
            response.setStatus(400);
            model.addAttribute("errors", byField(invalid));
            model.addAttribute("email", email);
        }
        return "console/forgot-password";
    }

    @GetMapping("/reset-password")
    String resetPage(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token);
        return "console/reset-password";
    }

    @PostMapping("/reset-password")
    String reset(
            @RequestParam String token,
            @RequestParam String password,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            accounts.confirmPasswordReset(token, password);
            Flash.ok(redirect, "Your password is changed. Log in with the new one.");
            return "redirect:/login";
        } catch (ValidationFailed invalid) {
            response.setStatus(400);
            model.addAttribute("token", token);
            model.addAttribute("errors", byField(invalid));
            return "console/reset-password";
        }
    }

    @PostMapping("/console/workspace")
    String switchWorkspace(
            @RequestParam UUID workspaceId,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        session.switchTo(new WorkspaceId(workspaceId), request, response);
        Flash.ok(redirect, "Switched workspace.");
        return "redirect:/console/workflows";
    }

    static Map<String, String> byField(ValidationFailed invalid) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : invalid.errors()) {
            errors.merge(error.field(), error.message(), (a, b) -> a + "; " + b);
        }
        return errors;
    }
}
