package io.levqor.identity.web;

import io.levqor.identity.Member;
import io.levqor.identity.internal.Checks;
import io.levqor.identity.internal.Workspaces;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Members of the caller's workspace: list, change role, remove, transfer ownership. */
@RestController
class MemberController {

    record RoleRequest(@Nullable String role) {}

    record MemberView(String userId, String email, @Nullable String name, String role) {
        static MemberView of(Member m) {
            return new MemberView(
                    m.userId().value().toString(), m.email(), m.name(), m.role().apiName());
        }
    }

    private final Workspaces workspaces;

    MemberController(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @GetMapping("/api/v1/members")
    @RequiresRole(Role.VIEWER)
    Map<String, List<MemberView>> list(Caller caller) {
        return Map.of(
                "items", workspaces.members(caller).stream().map(MemberView::of).toList());
    }

    @PatchMapping("/api/v1/members/{userId}")
    @RequiresRole(Role.ADMIN)
    MemberView changeRole(Caller caller, @PathVariable UUID userId, @RequestBody RoleRequest request) {
        Checks.start().role("role", request.role()).orFail();
        return MemberView.of(workspaces.changeRole(caller, new UserId(userId), Role.fromApiName(request.role())));
    }

    @DeleteMapping("/api/v1/members/{userId}")
    @RequiresRole(Role.ADMIN)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Caller caller, @PathVariable UUID userId) {
        workspaces.remove(caller, new UserId(userId));
    }

    @PostMapping("/api/v1/members/{userId}/transfer-ownership")
    @RequiresRole(Role.OWNER)
    MemberView transferOwnership(Caller caller, @PathVariable UUID userId) {
        return MemberView.of(workspaces.transferOwnership(caller, new UserId(userId)));
    }
}
