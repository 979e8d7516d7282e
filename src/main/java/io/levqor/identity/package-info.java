/**
 * Users, workspaces (tenants), memberships and roles, invitations, sessions, access and refresh tokens, API keys,
 * rate limits and the audit log. Other modules learn who is calling by taking a {@link io.levqor.shared.Caller}
 * parameter in their controllers and declaring the least role with {@link io.levqor.shared.RequiresRole}; this
 * module resolves the one and enforces the other. They react to {@link io.levqor.identity.UserSignedUp},
 * {@link io.levqor.identity.WorkspaceCreated}, {@link io.levqor.identity.MemberJoined} and
 * {@link io.levqor.identity.EmailVerified}, record their own
 * changes with {@link io.levqor.identity.AuditTrail}, and tell the rate limiter a workspace's plan tier through
 * {@link io.levqor.identity.RateLimitTiers}. A sign-in other than the JSON API (the console) goes through
 * {@link io.levqor.identity.ConsoleAccounts}, {@link io.levqor.identity.WorkspaceMembership} and
 * {@link io.levqor.identity.ApiKeyAdministration}; {@link io.levqor.identity.WorkspaceDeleted} asks modules to purge a
 * deleted workspace's data.
 */
@ApplicationModule(allowedDependencies = {"shared", "privacy", "mail"})
@NullMarked
package io.levqor.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
