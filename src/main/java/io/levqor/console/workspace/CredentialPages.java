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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Credentials: add, replace, delete. Secret data goes into the vault and is never shown again. */
@Controller
class CredentialPages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Credentials credentials;

    CredentialPages(Credentials credentials) {
        this.credentials = credentials;
    }

    /** A credential type and the fields of its data, secrets marked, for the form's hint. */
    record TypeHelp(String type, List<String> fields) {}

    @GetMapping("/console/credentials")
    String list(Signed signed, Model model) {
        page(signed, model);
        return "console/workspace/credentials";
    }

    @PostMapping("/console/credentials")
    @ConsoleRole(Role.MANAGER)
    String create(
            Signed signed,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String type,
            @RequestParam(defaultValue = "") String data,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            credentials.create(signed.caller().workspace(), name, type, parse(data));
            Flash.ok(redirect, "Credential “" + name.trim() + "” saved. Its secret data will not be shown again.");
            return "redirect:/console/credentials";
        } catch (ValidationFailed invalid) {
            response.setStatus(400);
            model.addAttribute("name", name);
            model.addAttribute("type", type);
            model.addAttribute("errors", invalid.errors());
            page(signed, model);
            return "console/workspace/credentials";
        }
    }

    @PostMapping("/console/credentials/{id}")
    @ConsoleRole(Role.MANAGER)
    String replace(
            Signed signed,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String data,
            RedirectAttributes redirect) {
        try {
            credentials.replace(signed.caller().workspace(), new CredentialId(id), null, parse(data));
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

    private void page(Signed signed, Model model) {
        model.addAttribute("credentials", credentials.list(signed.caller().workspace()));
        model.addAttribute("types", types());
    }

    @SuppressWarnings("unchecked")
    private static List<TypeHelp> types() {
        return CredentialTypes.schemas().entrySet().stream()
                .map(entry -> {
                    Object properties = entry.getValue().get("properties");
                    List<String> fields = properties instanceof Map<?, ?> map
                            ? ((Map<String, Object>) map)
                                    .keySet().stream()
                                            .sorted()
                                            .map(f -> CredentialTypes.isSecret(f) ? f + " (secret)" : f)
                                            .toList()
                            : List.of();
                    return new TypeHelp(entry.getKey(), fields);
                })
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, Object> parse(String data) {
        if (data.isBlank()) {
            return null;
        }
        try {
            Object value = JSON.readValue(data, Object.class);
            if (value instanceof Map<?, ?> map) {
                return new LinkedHashMap<>((Map<String, Object>) map);
            }
        } catch (JacksonException e) {
            // answered below like any other shape that is not an object
        }
        throw new ValidationFailed(List.of(new FieldError("data", "must be a JSON object")));
    }
}
