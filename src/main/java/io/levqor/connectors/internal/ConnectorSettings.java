package io.levqor.connectors.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Outbound calls of the step types, bound to {@code levqor.connectors.*}. */
@ConfigurationProperties("levqor.connectors")
public record ConnectorSettings(
        @DefaultValue Http http,
        @DefaultValue Breaker circuitBreaker,
        @DefaultValue Services services,
        @DefaultValue Smtp smtp) {

    /**
     * @param allowedHosts hosts or CIDRs the SSRF guard lets through ({@code LEVQOR_HTTP_ALLOWED_HOSTS})
     * @param maxResponseSize a larger response body fails the step
     * @param maxRedirects redirects followed per call, each checked by the SSRF guard
     * @param connectTimeout how long to wait for a TCP (and TLS) connection
     */
    public record Http(
            @DefaultValue List<String> allowedHosts,
            @DefaultValue("10MB") DataSize maxResponseSize,
            @DefaultValue("5") int maxRedirects,
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("Levqor") String userAgent) {}

    /**
     * One breaker per connector and target host.
     *
     * @param failureRateThreshold percentage of failed calls (5xx, 408, timeouts, connection errors) that opens it
     * @param minimumCalls calls needed before the rate counts
     * @param slidingWindow the last calls the rate is computed over
     * @param openDuration how long an open breaker fails fast before letting probes through
     * @param halfOpenCalls probe calls in the half-open state
     */
    public record Breaker(
            @DefaultValue("50") int failureRateThreshold,
            @DefaultValue("10") int minimumCalls,
            @DefaultValue("20") int slidingWindow,
            @DefaultValue("30s") Duration openDuration,
            @DefaultValue("3") int halfOpenCalls) {}

    /** Base URLs of the services with one fixed API endpoint; tests and proxies point them elsewhere. */
    public record Services(
            @DefaultValue("https://slack.com/api") URI slackBaseUrl,
            @DefaultValue("https://api.telegram.org") URI telegramBaseUrl,
            @DefaultValue("https://api.openai.com") URI llmBaseUrl) {}

    /** The platform's SMTP server ({@code LEVQOR_SMTP_*}), used by {@code email} steps without a credential. */
    public record Smtp(
            @Nullable String host,
            @DefaultValue("587") int port,
            @Nullable String username,
            @Nullable String password,
            @Nullable String from,
            @DefaultValue("true") boolean starttls) {

        public boolean configured() {
            return host != null && !host.isBlank();
        }
    }

    /** Defaults, for tests that build connectors by hand. */
    public static ConnectorSettings defaults() {
        return new ConnectorSettings(
                new Http(List.of(), DataSize.ofMegabytes(10), 5, Duration.ofSeconds(10), "Levqor"),
                new Breaker(50, 10, 20, Duration.ofSeconds(30), 3),
                new Services(
                        URI.create("https://slack.com/api"),
                        URI.create("https://api.telegram.org"),
                        URI.create("https://api.openai.com")),
                new Smtp(null, 587, null, null, null, true));
    }

    public ConnectorSettings withAllowedHosts(List<String> hosts) {
        return new ConnectorSettings(
                new Http(hosts, http.maxResponseSize(), http.maxRedirects(), http.connectTimeout(), http.userAgent()),
                circuitBreaker,
                services,
                smtp);
    }

    public ConnectorSettings withServices(Services services) {
        return new ConnectorSettings(http, circuitBreaker, services, smtp);
    }

    public ConnectorSettings withBreaker(Breaker breaker) {
        return new ConnectorSettings(http, breaker, services, smtp);
    }

    public ConnectorSettings withSmtp(Smtp smtp) {
        return new ConnectorSettings(http, circuitBreaker, services, smtp);
    }

    public ConnectorSettings withMaxResponseSize(DataSize size) {
        return new ConnectorSettings(
                new Http(http.allowedHosts(), size, http.maxRedirects(), http.connectTimeout(), http.userAgent()),
                circuitBreaker,
                services,
                smtp);
    }
}
