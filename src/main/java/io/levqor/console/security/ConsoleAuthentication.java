package io.levqor.console.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The security context's view of a console session. */
final class ConsoleAuthentication extends AbstractAuthenticationToken {

    private final ConsoleUser user;

    ConsoleAuthentication(ConsoleUser user) {
        super(List.of(new SimpleGrantedAuthority("CONSOLE_USER")));
        this.user = user;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public ConsoleUser getPrincipal() {
        return user;
    }
}
