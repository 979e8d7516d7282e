package io.levqor.ops.flags.web;

import io.levqor.ops.FeatureFlag;
import io.levqor.ops.FlagAdministration;
import io.levqor.ops.FlagChange;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's feature flags. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the role
 * here is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminFlagsController {

    private final FlagAdministration flags;

    AdminFlagsController(FlagAdministration flags) {
        this.flags = flags;
    }

    record FlagsResponse(List<FeatureFlag> items) {}

    @GetMapping("/api/v1/admin/flags")
    @RequiresRole(Role.VIEWER)
    FlagsResponse list(Caller caller) {
        return new FlagsResponse(flags.list());
    }

    @GetMapping("/api/v1/admin/flags/{key}")
    @RequiresRole(Role.VIEWER)
    FeatureFlag get(Caller caller, @PathVariable String key) {
        return flags.get(key);
    }

    /** Creates the flag or replaces it whole (overrides included). */
    @PutMapping("/api/v1/admin/flags/{key}")
    @RequiresRole(Role.VIEWER)
    FeatureFlag put(Caller caller, @PathVariable String key, @RequestBody FlagChange change) {
        return flags.save(caller, key, change);
    }

    @DeleteMapping("/api/v1/admin/flags/{key}")
    @RequiresRole(Role.VIEWER)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String key) {
        flags.delete(caller, key);
    }
}
