package io.levqor.identity;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import org.jspecify.annotations.Nullable;

/** A new user signed up and got a personal workspace; the referral code is the one they came with, if any. */
public record UserSignedUp(
        UserId user,
        WorkspaceId workspace,
        String email,
        @Nullable String referralCode) {}
