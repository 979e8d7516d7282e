package io.levqor.identity.internal;

import io.levqor.identity.AuditTrail;
import io.levqor.identity.EmailVerified;
import io.levqor.identity.Issued;
import io.levqor.identity.MemberJoined;
import io.levqor.identity.RequestInfo;
import io.levqor.identity.UserSignedUp;
import io.levqor.identity.WorkspaceCreated;
import io.levqor.identity.jdbc.SessionRepository;
import io.levqor.identity.jdbc.UserRepository;
import io.levqor.identity.jdbc.UserRepository.UserRow;
import io.levqor.identity.jdbc.UserTokenRepository;
import io.levqor.identity.jdbc.WorkspaceRepository;
import io.levqor.mail.Mailer;
import io.levqor.mail.Message;
import io.levqor.shared.Ids;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts: signup, login, password reset and change, e-mail verification. Answers never tell whether an address
 * is registered: login fails alike for a wrong address and a wrong password (and spends the same Argon2 time),
 * a reset request is accepted alike, and a signup with a taken address answers like a fresh signup while the
 * address's owner is told by e-mail.
 */
@Component
public class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    static final String VERIFY_EMAIL = "verify-email";
    static final String PASSWORD_RESET = "password-reset";

    private final UserRepository users;
    private final WorkspaceRepository workspaces;
    private final UserTokenRepository userTokens;
    private final Sessions sessions;
    private final SessionRepository sessionRepository;
    private final PasswordHashing passwords;
    private final LoginThrottle throttle;
    private final AuditTrail audit;
    private final Mailer mailer;
    private final AccessTokens accessTokens;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final IdentitySettings settings;
    private final PlatformSettings platform;
    private final Clock clock;
    private final FirstRun firstRun;

    Accounts(
            UserRepository users,
            WorkspaceRepository workspaces,
            UserTokenRepository userTokens,
            Sessions sessions,
            SessionRepository sessionRepository,
            PasswordHashing passwords,
            LoginThrottle throttle,
            AuditTrail audit,
            Mailer mailer,
            AccessTokens accessTokens,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            IdentitySettings settings,
            PlatformSettings platform,
            Clock clock,
            FirstRun firstRun) {
        this.users = users;
        this.workspaces = workspaces;
        this.userTokens = userTokens;
        this.sessions = sessions;
        this.sessionRepository = sessionRepository;
        this.passwords = passwords;
        this.throttle = throttle;
        this.audit = audit;
        this.mailer = mailer;
        this.accessTokens = accessTokens;
        this.events = events;
        this.transactions = transactions;
        this.settings = settings;
        this.platform = platform;
        this.clock = clock;
        this.firstRun = firstRun;
    }

    public Issued signUp(String rawEmail, String password, @Nullable String name, @Nullable String referralCode) {
        String email = Checks.normalizeEmail(rawEmail);
        Optional<UserRow> existing = users.findByEmailKey(Checks.emailKey(email));
        if (existing.isPresent()) {
            return signUpTaken(existing.get(), password);
        }
        String hash = passwords.hash(password);
        try {
            return transactions.execute(status -> createAccount(email, hash, name, referralCode));
        } catch (DuplicateKeyException raced) {
            return signUpTaken(users.findByEmailKey(Checks.emailKey(email)).orElseThrow(), password);
        }
    }

    /** Creates a user with a personal workspace; used by signup and by the operator bootstrap. */
    Issued createAccount(String email, String hash, @Nullable String name, @Nullable String referralCode) {
        Instant now = clock.instant();
        UserId user = new UserId(Ids.newId(now.toEpochMilli()));
        WorkspaceId workspace = new WorkspaceId(Ids.newId(now.toEpochMilli()));
        String workspaceName = (name == null || name.isBlank() ? email.substring(0, email.indexOf('@')) : name.trim())
                + "'s workspace";
        users.insert(
                user,
                email,
                Checks.emailKey(email),
                name == null || name.isBlank() ? null : name.trim(),
                hash,
                referralCode,
                now);
        firstRun.signedUp(user, email);
        workspaces.insert(workspace, workspaceName, user, now);
        workspaces.addMember(workspace, user, Role.OWNER, now);
        audit.record(workspace, "user:" + user.value(), "user.signed-up", "user:" + user.value());
        sendVerification(user, email);
        events.publishEvent(new UserSignedUp(user, workspace, email, referralCode));
        events.publishEvent(new WorkspaceCreated(workspace, user, workspaceName));
        events.publishEvent(new MemberJoined(workspace, user, Role.OWNER));
        return sessions.start(user, workspace);
    }

    // The address is taken. With its password this is a repeated signup: log in. Otherwise answer with a pair of
    // the same shape that opens nothing, and tell the address's owner, who may have forgotten they have an account.
    private Issued signUpTaken(UserRow user, String password) {
        if (passwords.matches(password, user.passwordHash())) {
            return transactions.execute(status -> loggedIn(user));
        }
        transactions.executeWithoutResult(status ->
                mailer.send(Message.of(user.email(), "Someone tried to sign up with your address", """
                        Someone (maybe you) tried to create a Levqor account with this address, which already has one.

                        If it was you, log in at %s, or reset your password at %s.
                        If it was not you, you can ignore this message.
                        """.formatted(
                                        platform.url("/login"), platform.url("/reset-password")))
                        .withCategory("signup-taken")));
        UserId fakeUser = new UserId(Ids.newId());
        WorkspaceId fakeWorkspace = new WorkspaceId(Ids.newId());
        return new Issued(
                fakeUser,
                fakeWorkspace,
                accessTokens.issue(fakeUser, fakeWorkspace, Ids.newId()),
                Secrets.token("lvr_"),
                accessTokens.expiresInSeconds());
    }

    public Issued logIn(String rawEmail, String password, RequestInfo request) {
        // By key: look-alike spellings of one address share its account and its failure count.
        String email = Checks.emailKey(rawEmail);
        throttle.checkAllowed(email, request.ipOrUnknown());
        Optional<UserRow> user = users.findByEmailKey(email);
        if (user.isEmpty()) {
            passwords.wasteEqualTime(password);
            throttle.failed(email, request.ipOrUnknown());
            throw IdentityProblem.invalidCredentials();
        }
        if (!passwords.matches(password, user.get().passwordHash())) {
            throttle.failed(email, request.ipOrUnknown());
            workspaces
                    .defaultWorkspace(user.get().id())
                    .ifPresent(ws -> audit.record(ws, "user:" + user.get().id().value(), "login.failed", null));
            throw IdentityProblem.invalidCredentials();
        }
        throttle.succeeded(email);
        return transactions.execute(status -> loggedIn(user.get()));
    }

    private Issued loggedIn(UserRow user) {
        WorkspaceId workspace = workspaces.defaultWorkspace(user.id()).orElseGet(() -> personalWorkspace(user));
        audit.record(workspace, "user:" + user.id().value(), "login.succeeded", null);
        return sessions.start(user.id(), workspace);
    }

    // Someone removed from every workspace still has an account; they get a fresh personal workspace.
    private WorkspaceId personalWorkspace(UserRow user) {
        Instant now = clock.instant();
        WorkspaceId workspace = new WorkspaceId(Ids.newId(now.toEpochMilli()));
        String name =
                (user.name() == null ? user.email().substring(0, user.email().indexOf('@')) : user.name())
                        + "'s workspace";
        workspaces.insert(workspace, name, user.id(), now);
        workspaces.addMember(workspace, user.id(), Role.OWNER, now);
        events.publishEvent(new WorkspaceCreated(workspace, user.id(), name));
        events.publishEvent(new MemberJoined(workspace, user.id(), Role.OWNER));
        return workspace;
    }

    public void requestPasswordReset(String rawEmail) {
        String key = Checks.emailKey(rawEmail);
        transactions.executeWithoutResult(status -> users.findByEmailKey(key).ifPresent(user -> {
            String token = Secrets.token("");
            Instant now = clock.instant();
            userTokens.insert(
                    Secrets.sha256(token), user.id(), PASSWORD_RESET, now, now.plus(settings.passwordResetTtl()));
            mailer.send(Message.of(user.email(), "Reset your Levqor password", """
                            Someone asked to reset the password of your Levqor account.

                            Choose a new password here (valid for %d minutes): %s

                            Reset token: %s

                            If you did not ask for this, ignore this message; your password stays as it is.
                            """.formatted(
                                    settings.passwordResetTtl().toMinutes(),
                                    platform.url("/reset-password?token=" + token),
                                    token))
                    .withCategory(PASSWORD_RESET));
        }));
    }

    /**
     * A single-use link to choose the password of {@code user}, valid for {@code ttl}: the operator's first sign-in,
     * which must not depend on a readable mailbox. A newer link does not cancel an older one; each expires alone.
     */
    String passwordSetupLink(UserId user, java.time.Duration ttl) {
        String token = Secrets.token("");
        Instant now = clock.instant();
        userTokens.insert(Secrets.sha256(token), user, PASSWORD_RESET, now, now.plus(ttl));
        return platform.url("/reset-password?token=" + token);
    }

    public void confirmPasswordReset(String token, String newPassword) {
        String hash = passwords.hash(newPassword);
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            UserId user = userTokens
                    .consume(Secrets.sha256(token), PASSWORD_RESET, now)
                    .orElseThrow(() -> ValidationFailed.of("token", "is unknown, expired or already used"));
            userTokens.expireAll(user, PASSWORD_RESET, now);
            users.updatePassword(user, hash, now);
            sessionRepository.revokeAllOf(user, now, "password-reset");
            workspaces
                    .defaultWorkspace(user)
                    .ifPresent(
                            ws -> audit.record(ws, "user:" + user.value(), "password.reset", "user:" + user.value()));
        });
    }

    public void changePassword(UserId userId, WorkspaceId current, String currentPassword, String newPassword) {
        UserRow user = users.find(userId).orElseThrow(() -> IdentityProblem.unauthenticated("Unknown user"));
        if (!passwords.matches(currentPassword, user.passwordHash())) {
            throw ValidationFailed.of("currentPassword", "is wrong");
        }
        String hash = passwords.hash(newPassword);
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            users.updatePassword(userId, hash, now);
            sessionRepository.revokeAllOf(userId, now, "password-changed");
            audit.record(current, "user:" + userId.value(), "password.changed", "user:" + userId.value());
        });
    }

    public void verifyEmail(String token) {
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            UserId user = userTokens
                    .consume(Secrets.sha256(token), VERIFY_EMAIL, now)
                    .orElseThrow(() -> ValidationFailed.of("token", "is unknown, expired or already used"));
            UserRow row = users.find(user).orElseThrow();
            users.markEmailVerified(user, now);
            if (row.emailVerifiedAt() == null) {
                // Published with the change, through the outbox: growth rewards the referrer on it.
                events.publishEvent(new EmailVerified(user, row.email()));
            }
        });
    }

    public void resendVerification(UserId userId) {
        transactions.executeWithoutResult(status -> users.find(userId).ifPresent(user -> {
            if (user.emailVerifiedAt() == null) {
                sendVerification(user.id(), user.email());
            }
        }));
    }

    private void sendVerification(UserId user, String email) {
        String token = Secrets.token("");
        Instant now = clock.instant();
        userTokens.insert(Secrets.sha256(token), user, VERIFY_EMAIL, now, now.plus(settings.emailVerificationTtl()));
        mailer.send(Message.of(email, "Confirm your e-mail address for Levqor", """
                        Welcome to Levqor. Please confirm your e-mail address: %s

                        Verification token: %s
                        """.formatted(
                                platform.url("/verify-email?token=" + token), token))
                .withCategory(VERIFY_EMAIL));
        log.debug("Verification mail queued for user {}", user.value());
    }
}
