/** Accounts, sessions, tokens, workspaces, API keys, rate limits: the module's services and settings. */
// Named so that the console (and only modules that declare "identity :: services") may call these facades.
@org.springframework.modulith.NamedInterface("services")
@NullMarked
package io.levqor.identity.internal;

import org.jspecify.annotations.NullMarked;
