package io.levqor.identity;

import io.levqor.identity.internal.Accounts;
import io.levqor.identity.internal.Checks;
import io.levqor.identity.internal.IdentitySettings;
import io.levqor.identity.internal.Sessions;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Accounts and sessions for a sign-in that is not the JSON API (the web console): the same rules, answers, throttling
 * and audit entries as {@code /api/v1/auth/**}, because it is the same code behind.
 */
@Service
public class ConsoleAccounts {

    private final Accounts accounts;
    private final Sessions sessions;
    private final IdentitySettings settings;

    ConsoleAccounts(Accounts accounts, Sessions sessions, IdentitySettings settings) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.settings = settings;
    }

    /** Enumeration-safe signup (an existing address answers alike, see docs/security.md). */
    public Issued signUp(String email, String password, @Nullable String name, @Nullable String referralCode) {
        // The same checks as POST /api/v1/auth/signup: a form is no way around the password rules.
        Checks.start()
                .email("email", email)
                .password("password", password, settings.passwordMinLength())
                .optional("name", name, 100)
                .optional("referralCode", referralCode, 64)
                .orFail();
        return accounts.signUp(email, password, name, referralCode);
    }

    public Issued logIn(String email, String password, RequestInfo request) {
        Checks.start().email("email", email).required("password", password, 256).orFail();
        return accounts.logIn(email, password, request);
    }

    /** Ends the session the refresh token belongs to. */
    public void logOut(String refreshToken) {
        sessions.logout(refreshToken);
    }

    public void verifyEmail(String token) {
        accounts.verifyEmail(token);
    }

    public void requestPasswordReset(String email) {
        Checks.start().email("email", email).orFail();
        accounts.requestPasswordReset(email);
    }

    public void confirmPasswordReset(String token, String newPassword) {
        Checks.start()
                .required("token", token, 200)
                .password("password", newPassword, settings.passwordMinLength())
                .orFail();
        accounts.confirmPasswordReset(token, newPassword);
    }
}
