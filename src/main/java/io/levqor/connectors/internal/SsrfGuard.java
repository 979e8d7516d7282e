package io.levqor.connectors.internal;

import io.levqor.connectors.StepFailure;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Keeps steps from reaching the platform's own network: a target whose name resolves to a loopback, link-local (cloud
 * metadata at 169.254.169.254), private, unique-local or otherwise non-public address is refused unless
 * {@code LEVQOR_HTTP_ALLOWED_HOSTS} names the host or a range holding its address. Checked before every hop.
 *
 * <p>The JDK caches successful lookups (30 s by default), so the connection that follows a check normally uses the
 * address that was checked; a rebinding attack has to beat that cache.
 */
public final class SsrfGuard {

    private static final List<Forbidden> FORBIDDEN = List.of(
            new Forbidden("0.0.0.0/8", "unspecified"),
            new Forbidden("127.0.0.0/8", "loopback"),
            new Forbidden("10.0.0.0/8", "private"),
            new Forbidden("172.16.0.0/12", "private"),
            new Forbidden("192.168.0.0/16", "private"),
            new Forbidden("169.254.0.0/16", "link-local"),
            new Forbidden("100.64.0.0/10", "shared (carrier-grade NAT)"),
            new Forbidden("192.0.0.0/24", "IETF protocol"),
            new Forbidden("198.18.0.0/15", "benchmarking"),
            new Forbidden("224.0.0.0/4", "multicast"),
            new Forbidden("240.0.0.0/4", "reserved"),
            new Forbidden("::/128", "unspecified"),
            new Forbidden("::1/128", "loopback"),
            new Forbidden("fe80::/10", "link-local"),
            new Forbidden("fec0::/10", "site-local"),
            new Forbidden("fc00::/7", "unique-local"),
            new Forbidden("ff00::/8", "multicast"));

    private record Forbidden(AddressRange range, String kind) {
        Forbidden(String cidr, String kind) {
            this(AddressRange.parse(cidr), kind);
        }
    }

    private final List<AddressRange> allowedRanges = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();

    public SsrfGuard(List<String> allowList) {
        for (String entry : allowList) {
            String trimmed = entry.trim().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            if (AddressRange.looksLikeAddress(trimmed)) {
                allowedRanges.add(AddressRange.parse(trimmed));
            } else {
                allowedHosts.add(trimmed);
            }
        }
    }

    /** Checks a URL's scheme and host; throws a permanent {@link StepFailure} when the call must not go out. */
    public void check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw StepFailure.permanent("only http and https URLs may be called, not '" + scheme + ":'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw StepFailure.permanent("the URL has no host");
        }
        checkHost(uri.getHost());
    }

    /** Checks a bare host name or address (an SMTP server, say). */
    public void checkHost(String rawHost) {
        String host = bare(rawHost).toLowerCase(Locale.ROOT);
        if (hostAllowed(host)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw StepFailure.retryable("cannot resolve host " + host);
        }
        for (InetAddress address : addresses) {
            if (allowedRanges.stream().anyMatch(range -> range.contains(address))) {
                continue;
            }
            String kind = forbiddenKind(address);
            if (kind != null) {
                throw StepFailure.permanent("refused to call " + host + ": it resolves to "
                        + address.getHostAddress() + ", a " + kind
                        + " address (SSRF guard; an operator may allow it with LEVQOR_HTTP_ALLOWED_HOSTS)");
            }
        }
    }

    private boolean hostAllowed(String host) {
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) : host.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    static @Nullable String forbiddenKind(InetAddress address) {
        InetAddress effective = embeddedIpv4(address);
        for (Forbidden forbidden : FORBIDDEN) {
            if (forbidden.range().contains(effective)) {
                return forbidden.kind();
            }
        }
        if (effective.isAnyLocalAddress()
                || effective.isLoopbackAddress()
                || effective.isLinkLocalAddress()
                || effective.isSiteLocalAddress()
                || effective.isMulticastAddress()) {
            return "non-public";
        }
        return null;
    }

    /** IPv4 hidden in IPv6 (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::}). */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        boolean mapped = allZero(bytes, 0, 10) && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        boolean compatible = allZero(bytes, 0, 12) && !allZero(bytes, 12, 15);
        boolean nat64 = bytes[0] == 0
                && bytes[1] == 0x64
                && bytes[2] == (byte) 0xff
                && bytes[3] == (byte) 0x9b
                && allZero(bytes, 4, 12);
        if (mapped || compatible || nat64) {
            try {
                return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
            } catch (UnknownHostException e) {
                return address;
            }
        }
        return address;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
