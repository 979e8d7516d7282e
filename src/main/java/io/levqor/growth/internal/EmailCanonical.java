package io.levqor.growth.internal;

import io.levqor.identity.EmailKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * One person's address however they spell it: case and compatibility forms folded (identity's {@link EmailKeys}), a
 * {@code +tag} dropped from the local part (most providers deliver {@code a+x@} to {@code a@}), and for the
 * providers that ignore dots ({@code gmail.com}, {@code googlemail.com}) the dots dropped and the domain unified.
 */
public final class EmailCanonical {

    private static final Set<String> DOTLESS = Set.of("gmail.com", "googlemail.com");

    private EmailCanonical() {}

    public static String of(String email) {
        String folded = EmailKeys.of(email);
        int at = folded.lastIndexOf('@');
        if (at < 0) {
            return folded;
        }
        String local = folded.substring(0, at);
        String domain = domainOf(folded);
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        if (DOTLESS.contains(domain)) {
            local = local.replace(".", "");
            domain = "gmail.com";
        }
        return local + "@" + domain;
    }

    /** The domain part, folded, without a trailing dot; empty when there is none. */
    public static String domainOf(String email) {
        String folded =
                Normalizer.normalize(email.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        int at = folded.lastIndexOf('@');
        String domain = at < 0 ? "" : folded.substring(at + 1);
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }

    /** SHA-256 of the canonical address: compared and kept instead of the address itself. */
    public static byte[] hash(String email) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(of(email).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
