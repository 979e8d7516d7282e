package io.levqor.growth;

import java.util.Locale;
import java.util.Optional;

/**
 * A kind of non-transactional e-mail a person can opt out of on the preference page. Transactional mail
 * (verification, password reset, receipts, dunning) has no category here: nobody can opt out of it.
 */
public enum MailCategory {
    /** What changed in Levqor: new features, changes a user should know of. */
    PRODUCT_UPDATES("Product updates", "What is new in Levqor"),
    /** Help getting started and getting more done: the lifecycle sequence and the behaviour nudges. */
    TIPS("Tips", "Getting started and getting more out of your workflows"),
    /** Offers and upgrade prompts: campaigns and conversion mail. */
    MARKETING("Offers", "Plans, offers and upgrade suggestions");

    private final String label;
    private final String description;

    MailCategory(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The lower-case, dashed name stored and used in forms and the API ({@code product-updates}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<MailCategory> fromWire(String wire) {
        for (MailCategory category : values()) {
            if (category.wire().equals(wire)) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }
}
