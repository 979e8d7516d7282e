/** Accounts, sessions, tokens, workspaces, API keys, rate limits: the module's services and settings. */
@NullMarked
package io.levqor.identity.internal;

import org.jspecify.annotations.NullMarked;
