package io.levqor.identity;

import io.levqor.shared.UserId;

/** A user confirmed their e-mail address (the first time; a second link changes nothing and says nothing). */
public record EmailVerified(UserId user, String email) {}
