package io.levqor.growth.internal;

import io.levqor.growth.jdbc.ReferralCodeRepository;
import io.levqor.growth.jdbc.ReferralCodeRepository.CodeRow;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Hands out referral codes: eight characters without look-alikes (no 0/O, 1/I/L), read case-insensitively. */
@Component
public class ReferralCodes {

    private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final int LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReferralCodeRepository codes;

    ReferralCodes(ReferralCodeRepository codes) {
        this.codes = codes;
    }

    /** The user's code in this workspace, made on first use; {@code email} feeds the self-referral rule. */
    public CodeRow ensure(WorkspaceId workspace, UserId user, @Nullable String email, Instant now) {
        Optional<CodeRow> existing = codes.find(workspace, user);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] hash = email == null ? null : EmailCanonical.hash(email);
        // A conflict is either a concurrent first use (the row is there now) or, rarely, a taken code: draw again.
        for (int attempt = 0; attempt < 5; attempt++) {
            if (codes.insert(workspace, user, newCode(), hash, now)) {
                return codes.find(workspace, user).orElseThrow();
            }
            existing = codes.find(workspace, user);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        throw new IllegalStateException("no free referral code after 5 draws");
    }

    /** The code a signup named, if it is one; spaces and case do not matter. */
    public Optional<CodeRow> find(String code) {
        String clean = code.strip().toUpperCase(Locale.ROOT);
        if (clean.isEmpty() || clean.length() > 64) {
            return Optional.empty();
        }
        return codes.findByCode(clean);
    }

    static String newCode() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
