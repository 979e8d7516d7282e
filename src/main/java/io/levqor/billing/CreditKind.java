package io.levqor.billing;

import java.util.Locale;

/** Why a ledger line moved the balance. */
public enum CreditKind {
    GRANT,
    RUN,
    LLM_TOKENS,
    REFUND,
    ADJUSTMENT,
    EXPIRY;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CreditKind fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
