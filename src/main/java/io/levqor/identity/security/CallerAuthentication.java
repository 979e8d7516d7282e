package io.levqor.identity.security;

import io.levqor.shared.Caller;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The security context's view of a {@link Caller}; the platform operator also holds {@link #OPERATOR}. */
final class CallerAuthentication extends AbstractAuthenticationToken {

    static final String OPERATOR = "PLATFORM_OPERATOR";

    private final Caller caller;

    CallerAuthentication(Caller caller, boolean operator) {
        super(operator ? List.of(new SimpleGrantedAuthority(OPERATOR)) : List.of());
        this.caller = caller;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }
}
