package io.levqor.identity.security;

import io.levqor.identity.internal.AccessTokens;
import io.levqor.identity.internal.ApiKeys;
import io.levqor.identity.jdbc.SessionRepository;
import io.levqor.identity.jdbc.SessionRepository.Access;
import io.levqor.shared.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns {@code Authorization: Bearer …} into a {@link Caller}: an {@code lvq_} API key, or an access JWT whose
 * session is still live and whose user is still a member (the role comes from the membership now, not from the
 * token). A bad credential leaves the request anonymous and notes why, for the 401 answer.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    static final String FAILURE = BearerTokenFilter.class.getName() + ".failure";
    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

    private final AccessTokens accessTokens;
    private final ApiKeys apiKeys;
    private final SessionRepository sessions;
    private final Clock clock;

    BearerTokenFilter(AccessTokens accessTokens, ApiKeys apiKeys, SessionRepository sessions, Clock clock) {
        this.accessTokens = accessTokens;
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String credential = header.substring(7).trim();
            authenticate(credential, request);
        }
        chain.doFilter(request, response);
    }

    private void authenticate(String credential, HttpServletRequest request) {
        if (credential.startsWith(ApiKeys.PREFIX)) {
            Optional<Caller> caller = apiKeys.authenticate(credential);
            if (caller.isPresent()) {
                establish(new CallerAuthentication(caller.get(), false));
            } else {
                request.setAttribute(FAILURE, "The API key is unknown or revoked.");
            }
            return;
        }
        try {
            AccessTokens.Claims claims = accessTokens.verify(credential);
            Optional<Access> access =
                    sessions.access(claims.workspace(), claims.user(), claims.session(), clock.instant());
            if (access.isEmpty()) {
                request.setAttribute(FAILURE, "The session has ended or the user is no longer a member.");
                return;
            }
            Caller caller =
                    new Caller(claims.workspace(), claims.user(), access.get().role(), null);
            establish(new CallerAuthentication(caller, access.get().operator()));
        } catch (AccessTokens.Invalid e) {
            log.debug("Refused an access token: {}", e.getMessage());
            request.setAttribute(FAILURE, "The access token is invalid: " + e.getMessage() + ".");
        }
    }

    private static void establish(CallerAuthentication authentication) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
    }
}
