package io.levqor.console.workspace;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.identity.ApiKeyAdministration;
import io.levqor.identity.ApiKeyInfo;
import io.levqor.identity.AuditEntry;
import io.levqor.identity.AuditTrail;
import io.levqor.identity.Member;
import io.levqor.identity.WorkspaceMembership;
import io.levqor.shared.Role;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log, newest first, 50 to a page, with the chain's verification, through identity's {@link AuditTrail}.
 */
@Controller
@ConsoleRole(Role.ADMIN)
class AuditPages {

    private final AuditTrail audit;
    private final WorkspaceMembership members;
    private final ApiKeyAdministration apiKeys;

    AuditPages(AuditTrail audit, WorkspaceMembership members, ApiKeyAdministration apiKeys) {
        this.audit = audit;
        this.members = members;
        this.apiKeys = apiKeys;
    }

    /** How an actor or target reads on the page: a name with the e-mail beside it, and the raw value as a tooltip. */
    record Who(String label, @Nullable String detail, String raw) {}

    /** An entry with its actor and target named. */
    record Row(AuditEntry entry, Who actor, @Nullable Who target) {}

    // A target may go on after the id ("user:… as manager"): the id is named, the rest kept.
    private static Who who(Map<String, Who> names, String raw) {
        int end = raw.indexOf(' ');
        String id = end < 0 ? raw : raw.substring(0, end);
        Who known = names.get(id);
        if (known == null) {
            return new Who(raw, null, raw);
        }
        return new Who(known.label() + (end < 0 ? "" : raw.substring(end)), known.detail(), raw);
    }

    @GetMapping("/console/audit")
    String list(
            Signed signed,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "false") boolean verify,
            Model model) {
        var entries = audit.page(signed.caller().workspace(), before, 51);
        Map<String, Who> names = names(signed);
        model.addAttribute(
                "entries",
                entries.stream()
                        .limit(50)
                        .map(e -> new Row(e, who(names, e.actor()), e.target() == null ? null : who(names, e.target())))
                        .toList());
        model.addAttribute("nextBefore", entries.size() > 50 ? entries.get(49).seq() : null);
        if (verify) {
            model.addAttribute("verification", audit.verify(signed.caller().workspace()));
        }
        return "console/workspace/audit";
    }

    /**
     * Actors and targets are stored as {@code user:<id>} and {@code api-key:<id>} (the chain hashes them as written):
     * the page names the workspace's members and keys. The page is for admins, who see members' e-mails anyway.
     */
    private Map<String, Who> names(Signed signed) {
        Map<String, Who> names = new HashMap<>();
        for (Member member : members.members(signed.caller())) {
            String raw = "user:" + member.userId().value();
            String name = member.name() == null || member.name().isBlank() ? member.email() : member.name();
            names.put(raw, new Who(name, name.equals(member.email()) ? null : member.email(), raw));
        }
        for (ApiKeyInfo key : apiKeys.list(signed.caller().workspace())) {
            String raw = "api-key:" + key.id();
            names.put(raw, new Who("API key “" + key.name() + "”", key.prefix() + "…", raw));
        }
        return names;
    }
}
