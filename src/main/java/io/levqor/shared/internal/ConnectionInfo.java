package io.levqor.shared.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Where and as whom to connect; parsed from either URL form that {@code LEVQOR_DATABASE_URL} accepts. */
record ConnectionInfo(
        String jdbcUrl, @Nullable String username, @Nullable String password) {

    /**
     * Accepts {@code jdbc:postgresql://host:port/db?user=…} as is, and the libpq form
     * {@code postgresql://user:pass@host:port/db?params} (also {@code postgres://}) by rewriting it.
     */
    static ConnectionInfo parse(String url) {
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new ConnectionInfo(trimmed, null, null);
        }
        if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
            throw new IllegalArgumentException("LEVQOR_DATABASE_URL must start with postgresql://, postgres:// or "
                    + "jdbc:postgresql: (got '" + redact(trimmed) + "')");
        }
        URI uri = URI.create(trimmed);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("LEVQOR_DATABASE_URL has no host: '" + redact(trimmed) + "'");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String database = uri.getRawPath() == null || uri.getRawPath().length() <= 1
                ? "postgres"
                : uri.getRawPath().substring(1);
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new ConnectionInfo(
                "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database + query, user, password);
    }

    /** The URL with any password replaced, fit for logs and error messages. */
    static String redact(String url) {
        return url.replaceAll("(://[^:/@]+:)[^@]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
