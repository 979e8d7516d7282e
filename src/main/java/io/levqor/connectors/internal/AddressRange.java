package io.levqor.connectors.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR block ({@code 10.0.0.0/8}, {@code fc00::/7}) or a single address. */
public record AddressRange(byte[] network, int prefix) {

    public static AddressRange parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address);
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new AddressRange(bytes, prefix);
    }

    /** True for an IP literal or CIDR (as opposed to a host name). */
    public static boolean looksLikeAddress(String text) {
        String address = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
        return address.contains(":") || address.matches("[0-9.]+");
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefix % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    private static byte[] literal(String address) {
        String bare =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!looksLikeAddress(bare)) {
            throw new IllegalArgumentException(address + " is not an IP address");
        }
        try {
            // An IP literal is parsed, never looked up.
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address + " is not an IP address", e);
        }
    }
}
