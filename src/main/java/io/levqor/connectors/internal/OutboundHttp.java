package io.levqor.connectors.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.levqor.connectors.StepFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Every outbound HTTP call of every step goes through here: the SSRF guard on each hop, redirects followed by hand
 * (so each is checked), a whole-call deadline, a response size limit and the host's circuit breaker. Failures come out
 * as {@link StepFailure}s saying whether a retry may help; messages name the host, never the full URL (URLs can hold
 * tokens).
 */
@Component
public class OutboundHttp {

    private static final Set<String> ALWAYS_SENSITIVE = Set.of("authorization", "cookie", "proxy-authorization");
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final SsrfGuard guard;
    private final CircuitBreakers breakers;
    private final ConnectorSettings.Http settings;
    private final Duration openDuration;

    public OutboundHttp(ConnectorSettings settings, CircuitBreakers breakers) {
        this.settings = settings.http();
        this.openDuration = settings.circuitBreaker().openDuration();
        this.guard = new SsrfGuard(settings.http().allowedHosts());
        this.breakers = breakers;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.http().connectTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public SsrfGuard guard() {
        return guard;
    }

    /** Sends the request, following redirects when it asks to, all within {@code timeout}. */
    public OutboundResponse send(String connector, OutboundRequest request, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = request.uri();
        String method = request.method().toUpperCase(Locale.ROOT);
        byte[] body = request.body();
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        for (int hop = 0; ; hop++) {
            guard.check(uri);
            OutboundResponse response = exchange(connector, method, uri, headers, body, deadline, timeout);
            String location = response.header("Location");
            if (!request.followRedirects() || !isRedirect(response.status()) || location == null) {
                return response;
            }
            if (hop >= settings.maxRedirects()) {
                throw StepFailure.permanent("stopped after " + settings.maxRedirects() + " redirects from "
                        + request.uri().getHost());
            }
            URI next = resolve(uri, location);
            if (!sameOrigin(uri, next)) {
                headers.keySet().removeIf(name -> isSensitive(name, request.sensitiveHeaders()));
            }
            int status = response.status();
            if (status == 303
                    || ((status == 301 || status == 302) && !method.equals("GET") && !method.equals("HEAD"))) {
                method = status == 303 && method.equals("HEAD") ? "HEAD" : "GET";
                body = null;
                headers.keySet().removeIf(name -> name.equalsIgnoreCase("Content-Type"));
            }
            uri = next;
        }
    }

    private OutboundResponse exchange(
            String connector,
            String method,
            URI uri,
            Map<String, List<String>> headers,
            byte[] body,
            long deadline,
            Duration timeout)
            throws InterruptedException {
        String host = Objects.requireNonNull(uri.getHost());
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(host, timeout);
        }
        CircuitBreaker breaker = breakers.forHost(connector, host);
        if (!breaker.tryAcquirePermission()) {
            throw new StepFailure("circuit open for " + host, true, openDuration);
        }
        HttpRequest httpRequest = build(method, uri, headers, body, Duration.ofNanos(remaining), breaker);
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(
                httpRequest, LimitedBody.handler(settings.maxResponseSize().toBytes()));
        try {
            HttpResponse<byte[]> response = future.get(remaining, TimeUnit.NANOSECONDS);
            int status = response.statusCode();
            if (status >= 500 || status == 408) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, new IOException("HTTP " + status));
            } else {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            return new OutboundResponse(status, response.headers(), response.body(), uri);
        } catch (TimeoutException e) {
            future.cancel(true);
            StepFailure failure = timedOut(host, timeout);
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, failure);
            throw failure;
        } catch (InterruptedException e) {
            future.cancel(true);
            breaker.releasePermission();
            throw e;
        } catch (ExecutionException e) {
            StepFailure failure = classify(host, timeout, e.getCause());
            if (failure.retryable()) {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, failure);
            } else {
                breaker.releasePermission();
            }
            throw failure;
        }
    }

    private HttpRequest build(
            String method,
            URI uri,
            Map<String, List<String>> headers,
            byte[] body,
            Duration remaining,
            CircuitBreaker breaker) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .timeout(remaining)
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            boolean userAgent = false;
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                String name = header.getKey();
                if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                userAgent |= name.equalsIgnoreCase("User-Agent");
                for (String value : header.getValue()) {
                    builder.header(name, value);
                }
            }
            if (!userAgent) {
                builder.header("User-Agent", settings.userAgent());
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            breaker.releasePermission();
            throw StepFailure.permanent("bad request: " + e.getMessage());
        }
    }

    private static StepFailure classify(String host, Duration timeout, Throwable cause) {
        if (cause instanceof LimitedBody.TooLarge tooLarge) {
            return StepFailure.permanent(tooLarge.getMessage() + " (from " + host + ")");
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return StepFailure.retryable("timed out connecting to " + host);
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut(host, timeout);
        }
        if (cause instanceof ConnectException) {
            return StepFailure.retryable("cannot connect to " + host + " (connection refused)");
        }
        if (cause instanceof javax.net.ssl.SSLHandshakeException) {
            return StepFailure.permanent("TLS handshake with " + host + " failed: " + cause.getMessage());
        }
        if (cause instanceof IOException) {
            return StepFailure.retryable("I/O error talking to " + host + ": " + describe(cause));
        }
        return StepFailure.permanent("calling " + host + " failed: " + describe(cause));
    }

    private static StepFailure timedOut(String host, Duration timeout) {
        return StepFailure.retryable("timed out after " + format(timeout) + " calling " + host);
    }

    private static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI resolve(URI base, String location) {
        try {
            URI next = base.resolve(new URI(location.trim()));
            if (next.getHost() == null) {
                throw StepFailure.permanent("redirect from " + base.getHost() + " has no host");
            }
            return next;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw StepFailure.permanent("redirect from " + base.getHost() + " to an invalid URL");
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static boolean isSensitive(String name, Set<String> extra) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ALWAYS_SENSITIVE.contains(lower) || extra.stream().anyMatch(lower::equalsIgnoreCase);
    }
}
