package io.levqor.identity;

import io.levqor.identity.internal.Accounts;
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

    ConsoleAccounts(Accounts accounts, Sessions sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    /** Enumeration-safe signup (an existing address answers alike, see docs/security.md). */
    public Issued signUp(String email, String password, @Nullable String name, @Nullable String referralCode) {
        return accounts.signUp(email, password, name, referralCode);
    }

    public Issued logIn(String email, String password, RequestInfo request) {
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
        accounts.requestPasswordReset(email);
    }

    public void confirmPasswordReset(String token, String newPassword) {
        accounts.confirmPasswordReset(token, newPassword);
    }
}
