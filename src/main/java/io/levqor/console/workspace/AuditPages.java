package io.levqor.console.workspace;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.identity.AuditTrail;
import io.levqor.identity.jdbc.AuditLogRepository;
import io.levqor.shared.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log, newest first, 50 to a page, with the chain's verification. Identity has no listing facade yet, so
 * this reads through its audit log repository exactly as identity's own API controller does.
 */
@Controller
@ConsoleRole(Role.ADMIN)
class AuditPages {

    private final AuditLogRepository log;
    private final AuditTrail audit;

    AuditPages(AuditLogRepository log, AuditTrail audit) {
        this.log = log;
        this.audit = audit;
    }

    @GetMapping("/console/audit")
    String list(
            Signed signed,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "false") boolean verify,
            Model model) {
        var entries = log.page(signed.caller().workspace(), before, 51);
        model.addAttribute("entries", entries.stream().limit(50).toList());
        model.addAttribute("nextBefore", entries.size() > 50 ? entries.get(49).seq() : null);
        if (verify) {
            model.addAttribute("verification", audit.verify(signed.caller().workspace()));
        }
        return "console/workspace/audit";
    }
}
