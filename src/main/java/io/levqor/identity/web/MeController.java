package io.levqor.identity.web;

import io.levqor.identity.internal.Accounts;
import io.levqor.identity.internal.Checks;
import io.levqor.identity.internal.IdentityProblem;
import io.levqor.identity.internal.IdentitySettings;
import io.levqor.identity.jdbc.UserRepository;
import io.levqor.identity.jdbc.UserRepository.Profile;
import io.levqor.shared.Caller;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user: who they are, their workspaces, their password and e-mail verification. */
@RestController
class MeController {

    record WorkspaceItem(String id, String name, String role) {}

    record Me(
            String id,
            String email,
            @Nullable String name,
            boolean emailVerified,
            String workspaceId,
            String role,
            List<WorkspaceItem> workspaces) {}

    record PasswordChange(
            @Nullable String currentPassword, @Nullable String newPassword) {}

    private final UserRepository users;
    private final Accounts accounts;
    private final IdentitySettings settings;

    MeController(UserRepository users, Accounts accounts, IdentitySettings settings) {
        this.users = users;
        this.accounts = accounts;
        this.settings = settings;
    }

    @GetMapping("/api/v1/me")
    Me me(Caller caller) {
        if (caller.user() == null) {
            throw IdentityProblem.userRequired();
        }
        Profile user = users.profile(caller.user()).orElseThrow(() -> IdentityProblem.unauthenticated("Unknown user"));
        return new Me(
                user.id().value().toString(),
                user.email(),
                user.name(),
                user.emailVerified(),
                caller.workspace().value().toString(),
                caller.role().apiName(),
                user.workspaces().stream()
                        .map(w -> new WorkspaceItem(
                                w.id().value().toString(), w.name(), w.role().apiName()))
                        .toList());
    }

    @PostMapping("/api/v1/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(Caller caller, @RequestBody PasswordChange request) {
        if (caller.user() == null) {
            throw IdentityProblem.userRequired();
        }
        Checks.start()
                .required("currentPassword", request.currentPassword(), 256)
                .password("newPassword", request.newPassword(), settings.passwordMinLength())
                .orFail();
        accounts.changePassword(caller.user(), caller.workspace(), request.currentPassword(), request.newPassword());
    }

    @PostMapping("/api/v1/me/email-verification")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void resendVerification(Caller caller) {
        if (caller.user() == null) {
            throw IdentityProblem.userRequired();
        }
        accounts.resendVerification(caller.user());
    }
}
