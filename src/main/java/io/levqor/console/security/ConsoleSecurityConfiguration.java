package io.levqor.console.security;

import io.levqor.identity.ConsoleAccounts;
import io.levqor.mail.DevMailbox;
import io.levqor.shared.PlatformSettings;
import jakarta.servlet.SessionCookieConfig;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

/**
 * The console's filter chain, ordered before identity's catch-all API chain and matching only console paths. The
 * session cookie is HttpOnly and SameSite=Lax (application.yml), Secure when Levqor's public URL is HTTPS (and
 * always when the request itself came over TLS, which the servlet container does by itself).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    /** Paths the console serves; everything else is left to the other chains. */
    static final String[] CONSOLE_PATHS = {
        "/",
        "/console",
        "/console/**",
        "/login",
        "/signup",
        "/verify-email",
        "/forgot-password",
        "/reset-password",
        "/invitations/accept"
    };

    static final String[] PUBLIC_PATHS = {
        "/",
        "/console",
        "/console/*.css",
        "/console/*.js",
        "/console/*.svg",
        "/console/error",
        "/login",
        "/signup",
        "/verify-email",
        "/forgot-password",
        "/reset-password",
        "/invitations/accept"
    };

    @Bean
    SecurityContextRepository consoleSecurityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 200)
    SecurityFilterChain consoleFilterChain(
            HttpSecurity http,
            SecurityContextRepository consoleSecurityContextRepository,
            ConsoleAccounts accounts,
            DevMailbox mailbox)
            throws Exception {
        http.securityMatcher(CONSOLE_PATHS)
                .securityContext(context -> context.securityContextRepository(consoleSecurityContextRepository))
                // Identity's SecurityHeadersFilter writes CSP and friends on every answer. Pages show workspace
                // data and forms with CSRF tokens: no cache (shared or the browser's back button) may keep them.
                .headers(headers -> headers.defaultsDisabled()
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(PathPatternRequestMatcher.pathPattern("/console/*.*")),
                                new StaticHeadersWriter("Cache-Control", "no-store"))))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
                .logout(logout -> logout.logoutUrl("/console/logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null && authentication.getPrincipal() instanceof ConsoleUser user) {
                                accounts.logOut(user.refreshToken());
                            }
                        })
                        .logoutSuccessUrl("/login?loggedOut")
                        .deleteCookies("LEVQOR_SESSION"))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(PUBLIC_PATHS).permitAll();
                    // Only in development (it shows password-reset links to anyone); otherwise the path is a 404.
                    if (mailbox.enabled()) {
                        requests.requestMatchers("/console/mailbox").permitAll();
                    }
                    requests.anyRequest().authenticated();
                });
        return http.build();
    }

    @Bean
    ServletContextInitializer secureSessionCookieOverHttps(PlatformSettings platform) {
        return servletContext -> {
            SessionCookieConfig cookie = servletContext.getSessionCookieConfig();
            if (platform.url("/").startsWith("https:")) {
                cookie.setSecure(true);
            }
        };
    }
}
