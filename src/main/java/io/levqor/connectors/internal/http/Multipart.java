package io.levqor.connectors.internal.http;

import io.levqor.connectors.StepFailure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) from a map: plain values become text fields; an object
 * {@code {filename, contentType?, content | contentBase64}} becomes a file.
 */
final class Multipart {

    private Multipart() {}

    record Body(String contentType, byte[] bytes) {}

    static Body encode(Map<String, Object> fields) {
        String boundary = "levqor-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            String name = quoted(field.getKey());
            write(out, "--" + boundary + "\r\n");
            if (field.getValue() instanceof Map<?, ?> file) {
                Object filename = file.get("filename");
                if (filename == null) {
                    throw StepFailure.permanent("body." + field.getKey() + ": a file needs a filename");
                }
                Object contentType = file.get("contentType");
                write(
                        out,
                        "Content-Disposition: form-data; name=\"" + name + "\"; filename=\""
                                + quoted(filename.toString()) + "\"\r\n");
                write(
                        out,
                        "Content-Type: " + (contentType == null ? "application/octet-stream" : contentType)
                                + "\r\n\r\n");
                out.writeBytes(content(field.getKey(), file));
            } else {
                write(out, "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
                write(out, field.getValue() == null ? "" : field.getValue().toString());
            }
            write(out, "\r\n");
        }
        write(out, "--" + boundary + "--\r\n");
        return new Body("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private static byte[] content(String name, Map<?, ?> file) {
        if (file.get("contentBase64") instanceof String base64) {
            try {
                return Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw StepFailure.permanent("body." + name + ".contentBase64: is not base64");
            }
        }
        Object content = file.get("content");
        return (content == null ? "" : content.toString()).getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
