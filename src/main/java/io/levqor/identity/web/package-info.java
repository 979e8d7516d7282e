/** Identity's HTTP endpoints under /api/v1 (auth, me, workspaces, members, invitations, API keys, audit log, admin). */
@NullMarked
package io.levqor.identity.web;

import org.jspecify.annotations.NullMarked;
