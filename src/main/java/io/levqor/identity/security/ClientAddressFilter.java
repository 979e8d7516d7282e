package io.levqor.identity.security;

import io.levqor.identity.internal.IdentitySettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decides the client's address once per request, for everything downstream ({@code getRemoteAddr()}: rate limits,
 * the login throttle, the audit log). {@code X-Forwarded-For} and {@code Forwarded} are believed only when the TCP
 * peer is a trusted proxy ({@code LEVQOR_TRUSTED_PROXIES}); then the hops are read right to left, skipping trusted
 * proxies, and the first untrusted one is the client: the addresses left of it were written by the client and are
 * whatever it chose. From a trusted proxy the scheme, host and port headers are applied too (Spring's
 * {@link ForwardedHeaderFilter}, whose own client address, the left-most, is replaced by this one).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ClientAddressFilter extends OncePerRequestFilter {

    private final List<Cidr> trusted;
    private final ForwardedHeaderFilter forwardedHeaders = new ForwardedHeaderFilter();

    ClientAddressFilter(IdentitySettings settings) {
        this.trusted = settings.trustedProxies().stream()
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .map(Cidr::parse)
                .toList();
    }

    /** Whether the request carried a forwarding header, believed or not: someone in between relayed it. */
    static boolean forwarded(HttpServletRequest request) {
        return request.getHeader("X-Forwarded-For") != null
                || request.getHeader("Forwarded") != null
                || request.getHeader("X-Real-IP") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String peer = request.getRemoteAddr();
        if (trusted.isEmpty() || !isTrusted(peer)) {
            chain.doFilter(request, response);
            return;
        }
        List<String> hops = hops(request);
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                break; // unreadable: keep the nearest hop we could read, which a trusted proxy vouched for
            }
            client = hop.getHostAddress();
            if (!isTrusted(hop)) {
                break;
            }
        }
        String resolved = client;
        forwardedHeaders.doFilter(
                request,
                response,
                (forwarded, answer) ->
                        chain.doFilter(new ClientRequest((HttpServletRequest) forwarded, resolved), answer));
    }

    boolean isTrusted(String address) {
        InetAddress parsed = literal(address);
        return parsed != null && isTrusted(parsed);
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    // RFC 7239 Forwarded if present, else X-Forwarded-For; several header lines are one list, in order.
    private static List<String> hops(HttpServletRequest request) {
        List<String> addresses = new ArrayList<>();
        List<String> forwarded = Collections.list(request.getHeaders("Forwarded"));
        if (!forwarded.isEmpty()) {
            for (String line : forwarded) {
                for (String element : line.split(",")) {
                    for (String pair : element.split(";")) {
                        int eq = pair.indexOf('=');
                        if (eq < 0) {
                            continue;
                        }
                        String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                        String value = unquote(pair.substring(eq + 1).trim());
                        if (name.equals("for")) {
                            addresses.add(value);
                        }
                    }
                }
            }
        } else {
            for (String line : Collections.list(request.getHeaders("X-Forwarded-For"))) {
                for (String value : line.split(",")) {
                    addresses.add(value.trim());
                }
            }
        }
        return addresses;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    /** An IP literal (IPv4, IPv6, bracketed, with or without a port) or null; never a DNS lookup. */
    static @Nullable InetAddress literal(String raw) {
        String value = raw.trim();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                return null;
            }
            value = value.substring(1, end);
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':') && value.indexOf('.') > 0) {
            value = value.substring(0, value.indexOf(':')); // IPv4 with a port
        }
        if (value.isEmpty() || value.length() > 45) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        if (value.indexOf(':') < 0 && value.chars().filter(c -> c == '.').count() != 3) {
            return null; // not a dotted quad: getByName would read "1" or "1.2" as an address
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address range: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException(
                        "levqor.identity.trusted-proxies: '" + text + "' is not an IP address or CIDR range");
            }
            byte[] bytes = address.getAddress();
            int bits = slash < 0
                    ? bytes.length * 8
                    : Integer.parseInt(text.substring(slash + 1).trim());
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException(
                        "levqor.identity.trusted-proxies: '" + text + "' has a prefix length out of range");
            }
            return new Cidr(bytes, bits);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }

    private static final class ClientRequest extends HttpServletRequestWrapper {

        private final String client;

        ClientRequest(HttpServletRequest request, String client) {
            super(request);
            this.client = client;
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }

        @Override
        public String getRemoteHost() {
            return client;
        }
    }
}
