package io.levqor.privacy.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a wrong {@code LEVQOR_MASTER_KEY} into a short message that says what to set, not a stack trace. */
class MasterKeyMismatchAnalyzer extends AbstractFailureAnalyzer<MasterKeyCheck.MasterKeyMismatch> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyCheck.MasterKeyMismatch cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set LEVQOR_MASTER_KEY to the key this database was set up with (without it, Levqor uses "
                        + "<data dir>/master.key). To rotate, set the new key in LEVQOR_MASTER_KEY and the old one in "
                        + "LEVQOR_MASTER_KEY_PREVIOUS.",
                cause);
    }
}
