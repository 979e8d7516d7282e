package io.levqor.growth;

import java.util.Locale;

/** A way of reaching a person: each has its own address form and its own suppression entries. */
public enum Channel {
    EMAIL,
    SMS,
    WHATSAPP,
    PUSH;

    /** The lower-case name stored in the database and used in the API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /**
     * The form an address is stored and compared in, so that {@code Ada@Example.com} and {@code ada@example.com}, or
     * {@code whatsapp:+44 20 7946 0000} and {@code +442079460000}, are one entry.
     */
    public String normalise(String address) {
        String trimmed = address.strip();
        return switch (this) {
            case EMAIL -> trimmed.toLowerCase(Locale.ROOT);
            case SMS, WHATSAPP -> {
                String number = trimmed.regionMatches(true, 0, "whatsapp:", 0, 9) ? trimmed.substring(9) : trimmed;
                yield number.replaceAll("[\\s().-]", "");
            }
            case PUSH -> trimmed;
        };
    }
}
