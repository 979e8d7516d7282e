package io.levqor.console.workspace;

import io.levqor.connectors.CredentialTypes;
import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.shared.FieldError;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.levqor.workflow.CredentialId;
import io.levqor.workflow.Credentials;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Credentials: add, replace, delete. The form shows the inputs of the chosen type (secrets as password inputs, never
 * filled back in); secret data goes into the vault and is never shown again.
 */
@Controller
class CredentialPages {

    static final String DEFAULT_TYPE = "bearer";

    private final Credentials credentials;

    CredentialPages(Credentials credentials) {
        this.credentials = credentials;
    }

    @GetMapping("/console/credentials")
    String list(Signed signed, @RequestParam(required = false) @Nullable String type, Model model) {
        page(signed, model, known(type));
        return "console/workspace/credentials";
    }

    @PostMapping("/console/credentials")
    @ConsoleRole(Role.MANAGER)
    String create(
            Signed signed,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String type,
            @RequestParam Map<String, String> params,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        String chosen = known(type);
        try {
            if (!CredentialTypes.exists(type)) {
                throw new ValidationFailed(List.of(new FieldError("type", "choose one of the listed types")));
            }
            credentials.create(signed.caller().workspace(), name, type, CredentialForms.readChosen(type, params));
            Flash.ok(redirect, "Credential “" + name.trim() + "” saved. Its secret data will not be shown again.");
            return "redirect:/console/credentials";
        } catch (ValidationFailed invalid) {
            response.setStatus(400);
            model.addAttribute("name", name);
            model.addAttribute("values", CredentialForms.echo(chosen, params));
            model.addAttribute("errors", CredentialForms.byField(invalid));
            page(signed, model, chosen);
            return "console/workspace/credentials";
        }
    }

    @PostMapping("/console/credentials/{id}")
    @ConsoleRole(Role.MANAGER)
    String replace(
            Signed signed,
            @PathVariable UUID id,
            @RequestParam Map<String, String> params,
            RedirectAttributes redirect) {
        var workspace = signed.caller().workspace();
        var credential = credentials.get(workspace, new CredentialId(id));
        try {
            credentials.replace(workspace, credential.id(), null, CredentialForms.read(credential.type(), params));
            Flash.ok(redirect, "Credential data replaced.");
        } catch (ValidationFailed invalid) {
            Flash.error(
                    redirect,
                    "Not replaced: "
                            + String.join(
                                    "; ",
                                    invalid.errors().stream()
                                            .map(e -> e.field() + " " + e.message())
                                            .toList()));
        }
        return "redirect:/console/credentials";
    }

    @PostMapping("/console/credentials/{id}/delete")
    @ConsoleRole(Role.MANAGER)
    String delete(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        credentials.delete(signed.caller().workspace(), new CredentialId(id));
        Flash.ok(redirect, "Credential deleted.");
        return "redirect:/console/credentials";
    }

    private static String known(@Nullable String type) {
        return type != null && CredentialTypes.exists(type) ? type : DEFAULT_TYPE;
    }

    private void page(Signed signed, Model model, String type) {
        List<CredentialForms.TypeForm> forms = CredentialForms.all();
        Map<String, CredentialForms.TypeForm> byType = new LinkedHashMap<>();
        forms.forEach(f -> byType.put(f.type(), f));
        model.addAttribute("credentials", credentials.list(signed.caller().workspace()));
        model.addAttribute(
                "types", forms.stream().map(CredentialForms.TypeForm::type).toList());
        model.addAttribute("forms", byType);
        model.addAttribute("form", byType.get(type));
        model.addAttribute("type", type);
        if (!model.containsAttribute("values")) {
            model.addAttribute("values", Map.of());
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
    }
}
