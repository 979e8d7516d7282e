package io.levqor.shared.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a second start on a busy data directory into a short, clear message instead of a stack trace. */
class DataDirectoryInUseAnalyzer extends AbstractFailureAnalyzer<EmbeddedPostgresServer.DataDirectoryInUse> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedPostgresServer.DataDirectoryInUse cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Stop the other Levqor, or set LEVQOR_DATA_DIR to a directory of this one's own, or point both at "
                        + "one shared PostgreSQL with LEVQOR_DATABASE_URL to run several nodes.",
                cause);
    }
}
