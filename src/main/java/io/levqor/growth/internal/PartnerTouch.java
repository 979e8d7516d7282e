package io.levqor.growth.internal;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The first touch a visitor had with a partner's link, carried in the {@value #COOKIE} cookie as {@code
 * CODE.epochSeconds}. A forged cookie gains nothing a typed code would not: attribution is to a partner's code.
 */
public record PartnerTouch(String code, Instant at) {

    /** The cookie's name. */
    public static final String COOKIE = "levqor_partner";

    public String cookieValue() {
        return code + "." + at.getEpochSecond();
    }

    public static Optional<PartnerTouch> parse(@Nullable String value) {
        if (value == null) {
            return Optional.empty();
        }
        int dot = value.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        var code = PartnerCodes.clean(value.substring(0, dot));
        try {
            long seconds = Long.parseLong(value.substring(dot + 1));
            return code.map(c -> new PartnerTouch(c, Instant.ofEpochSecond(seconds)));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
