package io.levqor.identity;

import java.text.Normalizer;
import java.util.Locale;

/** What makes two e-mail addresses the same person's for Levqor: the key accounts are unique by. */
public final class EmailKeys {

    private EmailKeys() {}

    /**
     * NFKC (fullwidth and other compatibility forms become their plain letters), then a full case fold (upper- then
     * lower-casing also folds ß to ss and final sigma), NFKC again (folding can undo it), trimmed. Look-alike
     * variants of a taken address find the existing account, never make another.
     */
    public static String of(String email) {
        String folded = Normalizer.normalize(email.strip(), Normalizer.Form.NFKC)
                .toUpperCase(Locale.ROOT)
                .toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC).strip();
    }
}
