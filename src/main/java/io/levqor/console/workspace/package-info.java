/** Workspace pages: credentials, API keys, members and invitations, the audit log. */
@NullMarked
package io.levqor.console.workspace;

import org.jspecify.annotations.NullMarked;
