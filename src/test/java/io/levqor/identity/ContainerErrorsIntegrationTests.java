package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.LevqorIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Tomcat refuses before any filter runs are answered like every other error: problem+json with the
 * security headers. Raw sockets, because HTTP clients normalise or refuse such requests themselves.
 */
@LevqorIntegrationTest
class ContainerErrorsIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    /** A raw HTTP/1.1 answer: status, headers (lower-case names), body. */
    record Answer(int status, Map<String, String> headers, String body) {}

    @Test
    void anEncodedSlashInThePathIsAProblemWithTheSecurityHeaders() throws IOException {
        assertRefusedAsProblem(send("GET /api/v1/workflows/a%2Fb HTTP/1.1\r\nHost: localhost\r\n"));
    }

    @Test
    void anEncodedBackslashInThePathIsAProblemWithTheSecurityHeaders() throws IOException {
        assertRefusedAsProblem(send("GET /api/v1/workflows/a%5Cb HTTP/1.1\r\nHost: localhost\r\n"));
    }

    @Test
    void headersOver8KbAreAProblemWithTheSecurityHeaders() throws IOException {
        String big = "X-Padding: " + "p".repeat(9 * 1024) + "\r\n";

        assertRefusedAsProblem(send("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\n" + big));
    }

    private static void assertRefusedAsProblem(Answer answer) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(answer.headers())
                .containsKey("content-security-policy")
                .containsEntry("x-content-type-options", "nosniff")
                .containsEntry("x-frame-options", "DENY")
                .containsEntry("referrer-policy", "strict-origin-when-cross-origin");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asString()).endsWith("/bad-request");
        assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
        assertThat(answer.body()).doesNotContain("<html");
    }

    private Answer send(String head) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            String body = raw.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = unchunk(body);
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int position = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", position);
            int size = Integer.parseInt(chunked.substring(position, lineEnd).strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
