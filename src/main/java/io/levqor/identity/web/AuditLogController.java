package io.levqor.identity.web;

import io.levqor.identity.AuditTrail;
import io.levqor.identity.AuditVerification;
import io.levqor.identity.jdbc.AuditLogRepository;
import io.levqor.identity.jdbc.AuditLogRepository.Entry;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The workspace's audit log, newest first with cursor pagination, and its chain verification. */
@RestController
@RequiresRole(Role.ADMIN)
class AuditLogController {

    record Item(
            long seq,
            Instant at,
            String actor,
            String action,
            @Nullable String target,
            @Nullable String ip,
            @Nullable String userAgent) {}

    record Page(List<Item> items, @Nullable String nextCursor) {}

    private final AuditLogRepository log;
    private final AuditTrail audit;

    AuditLogController(AuditLogRepository log, AuditTrail audit) {
        this.log = log;
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit-log")
    Page list(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 200) {
            throw ValidationFailed.of("limit", "must be between 1 and 200");
        }
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw ValidationFailed.of("cursor", "is not a cursor this API gave out");
            }
        }
        List<Entry> entries = log.page(caller.workspace(), before, limit + 1);
        List<Item> items = entries.stream()
                .limit(limit)
                .map(e -> new Item(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.ip(), e.userAgent()))
                .toList();
        String next = entries.size() > limit ? Long.toString(items.getLast().seq()) : null;
        return new Page(items, next);
    }

    @GetMapping("/api/v1/audit-log/verification")
    AuditVerification verify(Caller caller) {
        return audit.verify(caller.workspace());
    }
}
