package io.levqor.connectors.internal;

import io.levqor.connectors.StepFailure;
import io.levqor.connectors.StepRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** A JSON POST with the step's Idempotency-Key, for the chat and LLM connectors. */
@Component
public class JsonPost {

    private final OutboundHttp http;

    public JsonPost(OutboundHttp http) {
        this.http = http;
    }

    public OutboundResponse send(
            String connector, URI uri, Object body, StepRequest request, Map<String, String> extraHeaders)
            throws InterruptedException {
        OutboundRequest outbound = OutboundRequest.post(
                uri, "application/json; charset=utf-8", Json.write(body), request.idempotencyKey());
        for (Map.Entry<String, String> header : extraHeaders.entrySet()) {
            outbound = outbound.withHeader(header.getKey(), header.getValue());
        }
        return http.send(connector, outbound.withHeader("Accept", "application/json"), request.timeout());
    }

    /** A webhook URL from the step's field or its credential's {@code webhookUrl}; the credential wins. */
    public static URI webhookUrl(StepRequest request, StepConfig config, String service) {
        String url = null;
        String credential = config.credential();
        if (credential != null) {
            Object fromCredential = request.credentials().resolve(credential).get("webhookUrl");
            url = fromCredential instanceof String text ? text : null;
        }
        if (url == null) {
            url = config.optionalString("webhookUrl");
        }
        if (url == null || url.isBlank()) {
            throw StepFailure.permanent("webhookUrl: is required (in the step or its " + service + " credential)");
        }
        return uri(url, "webhookUrl");
    }

    public static URI uri(String url, String field) {
        try {
            URI uri = new URI(url.trim());
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw StepFailure.permanent(field + ": must be an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw StepFailure.permanent(field + ": is not a valid URL");
        }
    }

    /** Joins a base URL and a path without doubling or losing the slash. */
    public static URI join(URI base, String path) {
        String text = base.toString();
        if (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text + (path.startsWith("/") ? path : "/" + path));
    }

    public static @Nullable Object field(@Nullable Object json, String name) {
        return json instanceof Map<?, ?> map ? map.get(name) : null;
    }
}
