package io.levqor.connectors.internal;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What came back from the last hop of an outbound call. */
public record OutboundResponse(int status, HttpHeaders headers, byte[] body, URI uri) {

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    public @Nullable String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public String contentType() {
        return headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    }

    public boolean isJson() {
        String type = contentType();
        return type.startsWith("application/json") || type.contains("+json");
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON when it parses (whatever the content type says), else null. */
    public @Nullable Object jsonOrNull() {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.read(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** JSON when the response says it is JSON and it parses, otherwise text; null when empty. */
    public @Nullable Object parsedBody() {
        if (body.length == 0) {
            return null;
        }
        if (isJson()) {
            Object json = jsonOrNull();
            if (json != null) {
                return json;
            }
        }
        return text();
    }

    /** Header names in lower case; repeated headers joined with ", " (Set-Cookie with "\n"). */
    public Map<String, String> headerMap() {
        Map<String, String> result = new LinkedHashMap<>();
        headers.map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith(":")) {
                result.put(lower, String.join(lower.equals("set-cookie") ? "\n" : ", ", values));
            }
        });
        return result;
    }

    /** {@code {status, headers, body}}, the shape steps output. */
    public Map<String, Object> asOutput() {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", status);
        output.put("headers", headerMap());
        output.put("body", parsedBody());
        return output;
    }
}
