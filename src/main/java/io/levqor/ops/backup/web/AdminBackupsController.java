package io.levqor.ops.backup.web;

import io.levqor.ops.backup.Backups;
import io.levqor.ops.backup.jdbc.BackupRepository.BackupRow;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's backups. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the role here is
 * the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminBackupsController {

    private static final Logger log = LoggerFactory.getLogger(AdminBackupsController.class);

    private final Backups backups;

    AdminBackupsController(Backups backups) {
        this.backups = backups;
    }

    record BackupsResponse(List<BackupRow> items) {}

    record Started(UUID id, String status) {}

    /** The latest 100 backups, newest first: time, size, duration, checksum, target, verified or not, error. */
    @GetMapping("/api/v1/admin/backups")
    @RequiresRole(Role.VIEWER)
    BackupsResponse list(Caller caller) {
        return new BackupsResponse(backups.list(100));
    }

    /** Starts a backup now; it runs in the background (409 while another runs on this node). */
    @PostMapping("/api/v1/admin/backups")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @RequiresRole(Role.VIEWER)
    Started start(Caller caller) {
        UUID id = backups.start("api");
        log.info("Operator {} started backup {}", caller.user(), id);
        return new Started(id, "running");
    }
}
