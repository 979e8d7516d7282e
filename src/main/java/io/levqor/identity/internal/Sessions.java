package io.levqor.identity.internal;

import io.levqor.identity.AuditTrail;
import io.levqor.identity.Issued;
import io.levqor.identity.jdbc.SessionRepository;
import io.levqor.identity.jdbc.SessionRepository.RefreshRow;
import io.levqor.identity.jdbc.WorkspaceRepository;
import io.levqor.shared.Ids;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions and their token pairs. A session is a refresh-token family with an absolute expiry; each refresh spends
 * one token and issues the next in the same family, never moving the expiry. Presenting a spent token means it was
 * copied: the whole family is revoked (RFC 9700 §4.14), and with it the access tokens that name the session.
 */
@Component
public class Sessions {

    /** A fresh token pair for a user in a workspace. */
    private static final String REFRESH_PREFIX = "lvr_";

    private final SessionRepository sessions;
    private final WorkspaceRepository workspaces;
    private final AccessTokens accessTokens;
    private final AuditTrail audit;
    private final IdentitySettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Sessions(
            SessionRepository sessions,
            WorkspaceRepository workspaces,
            AccessTokens accessTokens,
            AuditTrail audit,
            IdentitySettings settings,
            TransactionTemplate transactions,
            Clock clock) {
        this.sessions = sessions;
        this.workspaces = workspaces;
        this.accessTokens = accessTokens;
        this.audit = audit;
        this.settings = settings;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Starts a session; call inside the transaction that established who the user is. */
    public Issued start(UserId user, WorkspaceId workspace) {
        Instant now = clock.instant();
        UUID session = Ids.newId(now.toEpochMilli());
        sessions.create(session, workspace, user, now, now.plus(settings.refreshTokenTtl()));
        String refresh = Secrets.token(REFRESH_PREFIX);
        sessions.addRefreshToken(Secrets.sha256(refresh), session, now);
        return new Issued(
                user,
                workspace,
                accessTokens.issue(user, workspace, session),
                refresh,
                accessTokens.expiresInSeconds());
    }

    private sealed interface Outcome {}

    private record Rotated(Issued issued) implements Outcome {}

    private record Refused() implements Outcome {}

    /** Spends a refresh token for a new pair; a spent, revoked, expired or unknown one answers 401. */
    public Issued refresh(String refreshToken) {
        byte[] hash = Secrets.sha256(refreshToken);
        // The reuse branch must commit its revocation, so the refusal is thrown only after the transaction.
        Outcome outcome = transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<RefreshRow> found = sessions.lockRefreshToken(hash);
            if (found.isEmpty()) {
                return new Refused();
            }
            RefreshRow row = found.get();
            if (row.sessionRevokedAt() != null || !row.sessionExpiresAt().isAfter(now)) {
                return new Refused();
            }
            if (row.usedAt() != null) {
                sessions.revoke(row.sessionId(), now, "refresh-token-reuse");
                audit.record(
                        row.workspace(),
                        "user:" + row.user().value(),
                        "token.reuse-detected",
                        "session:" + row.sessionId());
                return new Refused();
            }
            if (workspaces.role(row.workspace(), row.user()).isEmpty()) {
                sessions.revoke(row.sessionId(), now, "membership-ended");
                return new Refused();
            }
            sessions.markUsed(hash, now);
            String next = Secrets.token(REFRESH_PREFIX);
            sessions.addRefreshToken(Secrets.sha256(next), row.sessionId(), now);
            return new Rotated(new Issued(
                    row.user(),
                    row.workspace(),
                    accessTokens.issue(row.user(), row.workspace(), row.sessionId()),
                    next,
                    accessTokens.expiresInSeconds()));
        });
        if (outcome instanceof Rotated rotated) {
            return rotated.issued();
        }
        throw IdentityProblem.invalidRefreshToken();
    }

    /** Ends the session the refresh token belongs to; unknown tokens are ignored (logout is idempotent). */
    public void logout(String refreshToken) {
        byte[] hash = Secrets.sha256(refreshToken);
        transactions.executeWithoutResult(status -> sessions.lockRefreshToken(hash)
                .ifPresent(row -> {
                    if (sessions.revoke(row.sessionId(), clock.instant(), "logout") == 1) {
                        audit.record(
                                row.workspace(),
                                "user:" + row.user().value(),
                                "user.logged-out",
                                "session:" + row.sessionId());
                    }
                }));
    }
}
