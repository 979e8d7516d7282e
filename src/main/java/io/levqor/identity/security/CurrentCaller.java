package io.levqor.identity.security;

import io.levqor.shared.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the request being served, if it authenticated. */
final class CurrentCaller {

    private CurrentCaller() {}

    static @Nullable Caller get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof CallerAuthentication caller ? caller.getPrincipal() : null;
    }
}
