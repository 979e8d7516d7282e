package io.levqor.identity.web;

import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test-only endpoints under /api/v1/test/** (no filter-chain authentication) to probe Caller resolution. */
@RestController
class CallerProbeController {

    @GetMapping("/api/v1/test/identity/caller")
    Map<String, String> caller(Caller caller) {
        return Map.of("workspace", caller.workspace().value().toString());
    }

    @GetMapping("/api/v1/test/identity/owner-only")
    @RequiresRole(Role.OWNER)
    Map<String, String> ownerOnly() {
        return Map.of("ok", "yes");
    }
}
