package io.levqor.identity.web;

import io.levqor.identity.Issued;
import io.levqor.identity.RequestInfo;
import io.levqor.identity.internal.Accounts;
import io.levqor.identity.internal.Checks;
import io.levqor.identity.internal.IdentitySettings;
import io.levqor.identity.internal.Sessions;
import io.levqor.identity.internal.Workspaces;
import io.levqor.shared.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Signup, login, token refresh, logout, switching workspace, password reset and e-mail verification. */
@RestController
@RequestMapping(path = "/api/v1/auth")
class AuthController {

    record SignUpRequest(
            @Nullable String email,
            @Nullable String password,
            @Nullable String name,
            @Nullable String referralCode) {}

    record LogInRequest(@Nullable String email, @Nullable String password) {}

    record RefreshRequest(@Nullable String refreshToken) {}

    record SwitchRequest(@Nullable UUID workspaceId) {}

    record ResetRequest(@Nullable String email) {}

    record ResetConfirmation(
            @Nullable String token, @Nullable String password) {}

    record TokenRequest(@Nullable String token) {}

    record Session(String userId, String workspaceId, String accessToken, String refreshToken, long expiresIn) {
        static Session of(Issued issued) {
            return new Session(
                    issued.user().value().toString(),
                    issued.workspace().value().toString(),
                    issued.accessToken(),
                    issued.refreshToken(),
                    issued.expiresIn());
        }
    }

    record Refreshed(String accessToken, String refreshToken, long expiresIn) {}

    private final Accounts accounts;
    private final Sessions sessions;
    private final Workspaces workspaces;
    private final IdentitySettings settings;

    AuthController(Accounts accounts, Sessions sessions, Workspaces workspaces, IdentitySettings settings) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.workspaces = workspaces;
        this.settings = settings;
    }

    @PostMapping("/signup")
    @ResponseStatus(HttpStatus.CREATED)
    Session signUp(@RequestBody SignUpRequest request) {
        Checks.start()
                .email("email", request.email())
                .password("password", request.password(), settings.passwordMinLength())
                .optional("name", request.name(), 100)
                .optional("referralCode", request.referralCode(), 64)
                .orFail();
        return Session.of(accounts.signUp(request.email(), request.password(), request.name(), request.referralCode()));
    }

    @PostMapping("/login")
    Session logIn(@RequestBody LogInRequest request, HttpServletRequest http) {
        Checks.start()
                .email("email", request.email())
                .required("password", request.password(), 256)
                .orFail();
        return Session.of(accounts.logIn(request.email(), request.password(), RequestInfo.of(http)));
    }

    @PostMapping("/refresh")
    Refreshed refresh(@RequestBody RefreshRequest request) {
        Checks.start().required("refreshToken", request.refreshToken(), 200).orFail();
        Issued issued = sessions.refresh(request.refreshToken());
        return new Refreshed(issued.accessToken(), issued.refreshToken(), issued.expiresIn());
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logOut(@RequestBody RefreshRequest request) {
        Checks.start().required("refreshToken", request.refreshToken(), 200).orFail();
        sessions.logout(request.refreshToken());
    }

    @PostMapping("/switch-workspace")
    Session switchWorkspace(Caller caller, @RequestBody SwitchRequest request) {
        Checks.start()
                .check(request.workspaceId() != null, "workspaceId", "is required")
                .orFail();
        return Session.of(workspaces.switchTo(caller, new io.levqor.shared.WorkspaceId(request.workspaceId())));
    }

    @PostMapping("/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void requestPasswordReset(@RequestBody ResetRequest request) {
        Checks.start().email("email", request.email()).orFail();
        accounts.requestPasswordReset(request.email());
    }

    @PostMapping("/password-reset/confirm")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void confirmPasswordReset(@RequestBody ResetConfirmation request) {
        Checks.start()
                .required("token", request.token(), 200)
                .password("password", request.password(), settings.passwordMinLength())
                .orFail();
        accounts.confirmPasswordReset(request.token(), request.password());
    }

    @PostMapping("/verify-email")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void verifyEmail(@RequestBody TokenRequest request) {
        Checks.start().required("token", request.token(), 200).orFail();
        accounts.verifyEmail(request.token());
    }
}
