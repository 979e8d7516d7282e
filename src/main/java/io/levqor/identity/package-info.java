/**
 * Users, workspaces (tenants), memberships and roles, invitations, sessions, access and refresh tokens, API keys and the audit log. Other modules learn who is calling through the principal this module puts in the security context.
 */
@ApplicationModule(allowedDependencies = {"shared", "privacy"})
@NullMarked
package io.levqor.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
