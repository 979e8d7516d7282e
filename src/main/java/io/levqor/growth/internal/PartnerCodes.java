package io.levqor.growth.internal;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * Partner codes: ten characters from the referral codes' alphabet, so a partner code never equals a referral code
 * (eight characters) and both travel in the same {@code ?ref=} and {@code referralCode}.
 */
public final class PartnerCodes {

    static final int LENGTH = 10;
    private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PartnerCodes() {}

    public static String newCode() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The normalized code when {@code raw} could be a partner code (case and spaces do not matter). */
    public static Optional<String> clean(String raw) {
        String clean = raw.strip().toUpperCase(Locale.ROOT);
        if (clean.length() != LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < clean.length(); i++) {
            if (ALPHABET.indexOf(clean.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(clean);
    }
}
