package io.levqor.identity.security;

import io.levqor.identity.internal.AccessTokens;
import io.levqor.identity.internal.ApiKeys;
import io.levqor.identity.internal.IdentitySettings;
import io.levqor.identity.jdbc.SessionRepository;
import io.levqor.mail.DevMailbox;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The API's filter chain: stateless, bearer credentials only (JWT or API key), no CSRF (no cookies are read), no
 * redirects: every refusal is problem+json. It is the catch-all chain; the console registers its own, ordered
 * earlier and matching only its paths.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(IdentitySettings.class)
class SecurityConfiguration {

    /** Order of this chain: late, so that narrower chains (the console's) are tried first. */
    static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    @Bean
    @Order(ORDER)
    SecurityFilterChain apiFilterChain(
            HttpSecurity http,
            AccessTokens accessTokens,
            ApiKeys apiKeys,
            SessionRepository sessions,
            RateLimiter rateLimiter,
            ProblemWriter problems,
            IdentitySettings settings,
            Clock clock,
            DevMailbox mailbox) {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                // SecurityHeadersFilter writes the headers on every answer, inside this chain or not.
                .headers(AbstractHttpConfigurer::disable)
                .cors(cors -> cors.configurationSource(cors(settings)))
                .addFilterBefore(
                        new BearerTokenFilter(accessTokens, apiKeys, sessions, clock),
                        AnonymousAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(rateLimiter, problems), AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                            Object why = request.getAttribute(BearerTokenFilter.FAILURE);
                            response.setHeader("WWW-Authenticate", "Bearer");
                            problems.write(
                                    response,
                                    HttpStatus.UNAUTHORIZED,
                                    "unauthorized",
                                    "Unauthorized",
                                    why != null
                                            ? why.toString()
                                            : "Authentication is required: send Authorization: Bearer <access token"
                                                    + " or API key>.",
                                    Map.of());
                        })
                        .accessDeniedHandler((request, response, e) -> problems.write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "forbidden",
                                "Forbidden",
                                "You may not do this.",
                                Map.of())))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/api/v1/auth/switch-workspace").authenticated();
                    requests.requestMatchers("/api/v1/auth/**", "/api/v1/schemas/**")
                            .permitAll();
                    // Anyone with an e-mail address may open a support ticket (growth; rate-limited per client).
                    requests.requestMatchers(HttpMethod.POST, "/api/v1/support/messages")
                            .permitAll();
                    if (mailbox.enabled()) {
                        requests.requestMatchers("/api/v1/dev/mailbox").permitAll();
                    }
                    requests.requestMatchers("/api/v1/admin/**").hasAuthority(CallerAuthentication.OPERATOR);
                    requests.requestMatchers("/api/**").authenticated();
                    requests.anyRequest().permitAll();
                });
        return http.build();
    }

    // Spring Security would otherwise wrap each of its ~15 filters in a Micrometer observation on every request: a
    // few microseconds and a handful of objects each, the largest single cost of an authenticated GET. The whole
    // request is still measured (http.server.requests); authentication failures are in the audit log.
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    static CorsConfigurationSource cors(IdentitySettings settings) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> origins = settings.cors().allowedOrigins();
        if (!origins.isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(origins);
            config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
            config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
            config.setExposedHeaders(List.of(
                    "X-RateLimit-Limit",
                    "X-RateLimit-Remaining",
                    "X-RateLimit-Reset",
                    "RateLimit",
                    "RateLimit-Policy",
                    "Retry-After",
                    "Idempotent-Replayed"));
            config.setAllowCredentials(false);
            config.setMaxAge(600L);
            source.registerCorsConfiguration("/api/**", config);
            source.registerCorsConfiguration("/.well-known/**", config);
        }
        return source;
    }
}
