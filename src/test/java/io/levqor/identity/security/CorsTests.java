package io.levqor.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.IdentitySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class CorsTests {

    @Test
    void noOriginIsAllowedByDefault() {
        var source = SecurityConfiguration.cors(settings(List.of()));

        assertThat(source.getCorsConfiguration(request("/api/v1/members"))).isNull();
    }

    @Test
    void listedOriginsMayCallTheApiWithBearerTokens() {
        var source = SecurityConfiguration.cors(settings(List.of("https://app.example.com")));

        var config = source.getCorsConfiguration(request("/api/v1/members"));

        assertThat(config).isNotNull();
        assertThat(config.checkOrigin("https://app.example.com")).isEqualTo("https://app.example.com");
        assertThat(config.checkOrigin("https://evil.example")).isNull();
        assertThat(config.getAllowedHeaders()).contains("Authorization");
        assertThat(config.getAllowCredentials()).isFalse();
        assertThat(source.getCorsConfiguration(request("/console/home"))).isNull();
    }

    private static MockHttpServletRequest request(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRequestURI(path);
        return request;
    }

    private static IdentitySettings settings(List<String> origins) {
        return new IdentitySettings(
                "",
                Duration.ofMinutes(15),
                Duration.ofDays(7),
                Duration.ofSeconds(30),
                Duration.ofDays(30),
                Duration.ofDays(7),
                Duration.ofHours(1),
                Duration.ofHours(48),
                10,
                new IdentitySettings.LoginThrottle(
                        5, 50, Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(15)),
                new IdentitySettings.RateLimits(true, Map.of("free", 60), 60, 20, Duration.ofMinutes(1)),
                new IdentitySettings.Cors(origins),
                new IdentitySettings.Headers(null),
                Duration.ofHours(24),
                List.of(),
                "",
                true);
    }
}
