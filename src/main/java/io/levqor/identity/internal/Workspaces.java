package io.levqor.identity.internal;

import io.levqor.identity.AuditTrail;
import io.levqor.identity.Invitation;
import io.levqor.identity.Issued;
import io.levqor.identity.Member;
import io.levqor.identity.MemberJoined;
import io.levqor.identity.MemberRemoved;
import io.levqor.identity.MyWorkspace;
import io.levqor.identity.WorkspaceCreated;
import io.levqor.identity.WorkspaceDeleted;
import io.levqor.identity.jdbc.ApiKeyRepository;
import io.levqor.identity.jdbc.IdempotencyRepository;
import io.levqor.identity.jdbc.InvitationRepository;
import io.levqor.identity.jdbc.InvitationRepository.InvitationRow;
import io.levqor.identity.jdbc.SessionRepository;
import io.levqor.identity.jdbc.UserRepository;
import io.levqor.identity.jdbc.WorkspaceRepository;
import io.levqor.mail.Mailer;
import io.levqor.mail.Message;
import io.levqor.shared.Caller;
import io.levqor.shared.Ids;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.ProblemException;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Workspaces and membership: create, switch, members and their roles, removal, ownership transfer, invitations.
 * Everything acts on the caller's workspace; an id from another workspace is simply not found.
 */
@Component
public class Workspaces {

    private final WorkspaceRepository workspaces;
    private final InvitationRepository invitations;
    private final SessionRepository sessionRepository;
    private final ApiKeyRepository apiKeys;
    private final IdempotencyRepository idempotencyKeys;
    private final UserRepository users;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final Mailer mailer;
    private final ApplicationEventPublisher events;
    private final IdentitySettings settings;
    private final PlatformSettings platform;
    private final Clock clock;

    Workspaces(
            WorkspaceRepository workspaces,
            InvitationRepository invitations,
            SessionRepository sessionRepository,
            ApiKeyRepository apiKeys,
            IdempotencyRepository idempotencyKeys,
            UserRepository users,
            Sessions sessions,
            AuditTrail audit,
            Mailer mailer,
            ApplicationEventPublisher events,
            IdentitySettings settings,
            PlatformSettings platform,
            Clock clock) {
        this.workspaces = workspaces;
        this.invitations = invitations;
        this.sessionRepository = sessionRepository;
        this.apiKeys = apiKeys;
        this.idempotencyKeys = idempotencyKeys;
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.mailer = mailer;
        this.events = events;
        this.settings = settings;
        this.platform = platform;
        this.clock = clock;
    }

    @Transactional
    public Issued switchTo(Caller caller, WorkspaceId target) {
        UserId user = requireUser(caller);
        if (workspaces.role(target, user).isEmpty()) {
            throw ProblemException.notFound("Workspace", target.value());
        }
        audit.record(target, "user:" + user.value(), "workspace.switched-to", null);
        return sessions.start(user, target);
    }

    @Transactional
    public MyWorkspace create(Caller caller, String name) {
        UserId user = requireUser(caller);
        Instant now = clock.instant();
        WorkspaceId workspace = new WorkspaceId(Ids.newId(now.toEpochMilli()));
        workspaces.insert(workspace, name.trim(), user, now);
        workspaces.addMember(workspace, user, Role.OWNER, now);
        audit.record(workspace, "user:" + user.value(), "workspace.created", "workspace:" + workspace.value());
        events.publishEvent(new WorkspaceCreated(workspace, user, name.trim()));
        events.publishEvent(new MemberJoined(workspace, user, Role.OWNER));
        return new MyWorkspace(workspace, name.trim(), Role.OWNER);
    }

    public List<MyWorkspace> mine(Caller caller) {
        return workspaces.workspacesOf(requireUser(caller));
    }

    @Transactional
    public void rename(Caller caller, String name) {
        workspaces.rename(caller.workspace(), name.trim());
        audit.record(
                caller, "workspace.renamed", "workspace:" + caller.workspace().value());
    }

    public List<Member> members(Caller caller) {
        return workspaces.members(caller.workspace());
    }

    @Transactional
    public Member changeRole(Caller caller, UserId target, Role role) {
        Member member = workspaces
                .member(caller.workspace(), target)
                .orElseThrow(() -> ProblemException.notFound("Member", target.value()));
        if (role == Role.OWNER || member.role() == Role.OWNER) {
            throw ProblemException.conflict(
                    "Ownership changes only by transfer (POST /api/v1/members/{userId}/" + "transfer-ownership)");
        }
        if (!caller.may(role) || !caller.may(member.role())) {
            throw ProblemException.forbidden("You cannot grant or change a role above your own");
        }
        workspaces.changeRole(caller.workspace(), target, role);
        audit.record(
                caller,
                "member.role-changed",
                "user:" + target.value() + " " + member.role().apiName() + "->" + role.apiName());
        return new Member(member.userId(), member.email(), member.name(), role);
    }

    @Transactional
    public void remove(Caller caller, UserId target) {
        Member member = workspaces
                .member(caller.workspace(), target)
                .orElseThrow(() -> ProblemException.notFound("Member", target.value()));
        if (member.role() == Role.OWNER) {
            throw ProblemException.conflict("The owner cannot be removed; transfer ownership first");
        }
        if (!caller.may(member.role())) {
            throw ProblemException.forbidden("You cannot remove a member whose role is above yours");
        }
        workspaces.removeMember(caller.workspace(), target);
        sessionRepository.revokeMember(caller.workspace(), target, clock.instant(), "removed");
        audit.record(caller, "member.removed", "user:" + target.value());
        events.publishEvent(new MemberRemoved(caller.workspace(), target));
    }

    @Transactional
    public Member transferOwnership(Caller caller, UserId target) {
        UserId owner = requireUser(caller);
        if (owner.equals(target)) {
            throw ValidationFailed.of("userId", "is already the owner");
        }
        Member member = workspaces
                .member(caller.workspace(), target)
                .orElseThrow(() -> ProblemException.notFound("Member", target.value()));
        workspaces.changeRole(caller.workspace(), owner, Role.ADMIN);
        workspaces.changeRole(caller.workspace(), target, Role.OWNER);
        audit.record(caller, "workspace.ownership-transferred", "user:" + target.value());
        return new Member(member.userId(), member.email(), member.name(), Role.OWNER);
    }

    /**
     * Deletes the caller's current workspace (the owner's call): it is marked deleted; members, invitations, API keys
     * and idempotency keys go and sessions are revoked in this transaction, so every token and key of it stops
     * working at once; {@link WorkspaceDeleted} asks the other modules to purge their data. The owner's last
     * workspace cannot be deleted (they would have nowhere to sign in to); other members left without a workspace
     * get a new personal one at their next login.
     */
    @Transactional
    public void delete(Caller caller, WorkspaceId target) {
        UserId owner = requireUser(caller);
        if (!target.equals(caller.workspace())) {
            throw ProblemException.notFound("Workspace", target.value());
        }
        if (workspaces.otherWorkspaces(owner, target) == 0) {
            throw new ProblemException(
                    org.springframework.http.HttpStatus.CONFLICT,
                    "last-workspace",
                    "Last workspace",
                    "This is your only workspace; create or join another before deleting it.");
        }
        Instant now = clock.instant();
        if (!workspaces.markDeleted(target, owner, now)) {
            throw ProblemException.notFound("Workspace", target.value());
        }
        audit.record(caller, "workspace.deleted", "workspace:" + target.value());
        workspaces.removeAllMembers(target);
        invitations.deleteAll(target);
        apiKeys.deleteAll(target);
        idempotencyKeys.deleteAll(target);
        sessionRepository.revokeWorkspace(target, now, "workspace deleted");
        events.publishEvent(new WorkspaceDeleted(target, owner));
    }

    @Transactional
    public Invitation invite(Caller caller, String rawEmail, Role role) {
        UserId inviter = requireUser(caller);
        if (role == Role.OWNER) {
            throw ValidationFailed.of("role", "cannot be owner; invite, then transfer ownership");
        }
        if (!caller.may(role)) {
            throw ProblemException.forbidden("You cannot invite with a role above your own");
        }
        String email = Checks.normalizeEmail(rawEmail);
        Instant now = clock.instant();
        UUID id = Ids.newId(now.toEpochMilli());
        String token = Secrets.token("");
        Instant expires = now.plus(settings.invitationTtl());
        invitations.insert(caller.workspace(), id, email, role, Secrets.sha256(token), inviter, now, expires);
        String workspaceName = workspaces.name(caller.workspace()).orElse("a workspace");
        mailer.send(Message.of(email, "You are invited to " + workspaceName + " on Levqor", """
                        You have been invited to join "%s" on Levqor as %s.

                        Accept the invitation (valid until %s): %s

                        Invitation token: %s
                        """.formatted(
                                workspaceName,
                                role.apiName(),
                                expires,
                                platform.url("/invitations/accept?token=" + token),
                                token))
                .withCategory("invitation"));
        audit.record(caller, "invitation.created", "invitation:" + id + " " + email + " as " + role.apiName());
        return new Invitation(id, email, role, expires);
    }

    public List<Invitation> pendingInvitations(Caller caller) {
        return invitations.pending(caller.workspace(), clock.instant()).stream()
                .map(row -> new Invitation(row.id(), row.email(), row.role(), row.expiresAt()))
                .toList();
    }

    @Transactional
    public void revokeInvitation(Caller caller, UUID id) {
        if (invitations.delete(caller.workspace(), id) == 0) {
            throw ProblemException.notFound("Invitation", id);
        }
        audit.record(caller, "invitation.revoked", "invitation:" + id);
    }

    /** Joins the invitation's workspace; the invitation must be for the caller's own e-mail address. */
    @Transactional
    public MyWorkspace accept(Caller caller, String token) {
        UserId user = requireUser(caller);
        Instant now = clock.instant();
        InvitationRow invitation = invitations
                .lockByToken(Secrets.sha256(token))
                .filter(row -> row.acceptedAt() == null && row.expiresAt().isAfter(now))
                .orElseThrow(() -> ValidationFailed.of("token", "is unknown, expired or already used"));
        String email = users.find(user).orElseThrow().email();
        if (!Checks.emailKey(email).equals(Checks.emailKey(invitation.email()))) {
            throw ValidationFailed.of("token", "is for another e-mail address");
        }
        if (!workspaces.addMember(invitation.workspace(), user, invitation.role(), now)) {
            throw ProblemException.conflict("You already are a member of this workspace");
        }
        invitations.markAccepted(invitation.workspace(), invitation.id(), user, now);
        audit.record(
                invitation.workspace(),
                "user:" + user.value(),
                "member.joined",
                "user:" + user.value() + " as " + invitation.role().apiName());
        events.publishEvent(new MemberJoined(invitation.workspace(), user, invitation.role()));
        return new MyWorkspace(
                invitation.workspace(), workspaces.name(invitation.workspace()).orElse(""), invitation.role());
    }

    static UserId requireUser(Caller caller) {
        if (caller.user() == null) {
            throw IdentityProblem.userRequired();
        }
        return caller.user();
    }
}
