package io.levqor.console.workspace;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.identity.AuditTrail;
import io.levqor.shared.Role;
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

    AuditPages(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping("/console/audit")
    String list(
            Signed signed,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "false") boolean verify,
            Model model) {
        var entries = audit.page(signed.caller().workspace(), before, 51);
        model.addAttribute("entries", entries.stream().limit(50).toList());
        model.addAttribute("nextBefore", entries.size() > 50 ? entries.get(49).seq() : null);
        if (verify) {
            model.addAttribute("verification", audit.verify(signed.caller().workspace()));
        }
        return "console/workspace/audit";
    }
}
