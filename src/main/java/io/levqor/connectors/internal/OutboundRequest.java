package io.levqor.connectors.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A call a step makes. {@code sensitiveHeaders} (besides Authorization, Cookie and Proxy-Authorization) are dropped
 * when a redirect leaves the origin.
 */
public record OutboundRequest(
        String method,
        URI uri,
        Map<String, List<String>> headers,
        byte @Nullable [] body,
        boolean followRedirects,
        Set<String> sensitiveHeaders) {

    public static OutboundRequest post(URI uri, String contentType, byte[] body, String idempotencyKey) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of(contentType));
        headers.put("Idempotency-Key", List.of(idempotencyKey));
        return new OutboundRequest("POST", uri, headers, body, false, Set.of());
    }

    public OutboundRequest withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.put(name, List.of(value));
        return new OutboundRequest(method, uri, copy, body, followRedirects, sensitiveHeaders);
    }
}
