package io.levqor.console.workspace;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.identity.ApiKeyAdministration;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** API keys: create (the key is shown once, with a copy button), list without secrets, revoke. Admins only. */
@Controller
@ConsoleRole(Role.ADMIN)
class ApiKeyPages {

    private final ApiKeyAdministration apiKeys;

    ApiKeyPages(ApiKeyAdministration apiKeys) {
        this.apiKeys = apiKeys;
    }

    @GetMapping("/console/api-keys")
    String list(Signed signed, Model model) {
        model.addAttribute("keys", apiKeys.list(signed.caller().workspace()));
        model.addAttribute(
                "roles", Arrays.stream(Role.values()).map(Role::apiName).toList());
        return "console/workspace/api-keys";
    }

    @PostMapping("/console/api-keys")
    String create(
            Signed signed,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "viewer") String role,
            RedirectAttributes redirect) {
        try {
            var created = apiKeys.create(signed.caller(), name, Role.fromApiName(role));
            // A flash attribute lives for one redirect: the key is on the next page once, then gone.
            redirect.addFlashAttribute("newKey", created);
            Flash.ok(redirect, "API key “" + created.name() + "” created. Copy it now: it will not be shown again.");
        } catch (ValidationFailed invalid) {
            Flash.error(redirect, "Not created: " + invalid.getMessage());
        } catch (IllegalArgumentException unknownRole) {
            Flash.error(redirect, "Not created: unknown role " + role);
        }
        return "redirect:/console/api-keys";
    }

    @PostMapping("/console/api-keys/{id}/revoke")
    String revoke(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        apiKeys.revoke(signed.caller(), id);
        Flash.ok(redirect, "API key revoked.");
        return "redirect:/console/api-keys";
    }
}
