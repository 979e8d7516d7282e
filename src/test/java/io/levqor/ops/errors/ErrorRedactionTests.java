package io.levqor.ops.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a stored error sample keeps and what it never keeps. */
class ErrorRedactionTests {

    @Test
    void secretsInAMessageAreReplacedAndIdsAndClassNamesKept() {
        String message = ErrorRedaction.message("Authorization: Bearer abc.def.ghi failed; client_secret=\"s3cr3t\""
                + " api-key: k-123 for run 0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b in"
                + " io.levqor.engine.internal.RunQueue at https://x.test/cb?code=abc#f by bob@example.org"
                + " with sk_live_0123456789abcdefghijklmn");

        assertThat(message)
                .doesNotContain("abc.def.ghi", "s3cr3t", "k-123", "code=abc", "bob@example.org", "sk_live_")
                .contains(
                        "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                        "io.levqor.engine.internal.RunQueue",
                        "https://x.test/cb?[redacted]",
                        "[email]");
    }

    @Test
    void aLongMessageIsTruncated() {
        assertThat(ErrorRedaction.message("word ".repeat(500))).hasSize(ErrorRedaction.MAX_MESSAGE);
        assertThat(ErrorRedaction.message(null)).isNull();
    }

    @Test
    void aPathLosesItsQueryStringFragmentHostAndTokenLikeSegments() {
        assertThat(ErrorRedaction.path("/hooks/whk_4f8a9b0c1d2e3f4a5b6c7d8e?sig=abc"))
                .isEqualTo("/hooks/{redacted}");
        assertThat(ErrorRedaction.path("/api/v1/runs/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b#top"))
                .isEqualTo("/api/v1/runs/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        assertThat(ErrorRedaction.path("https://levqor.test/console/runs?token=x"))
                .isEqualTo("/console/runs");
    }

    @Test
    void theFingerprintIgnoresTheMessageAndTellsTypesApart() {
        ErrorFingerprint one = ErrorFingerprint.of(new IllegalStateException("one"));
        ErrorFingerprint two = ErrorFingerprint.of(new IllegalStateException("two"));
        ErrorFingerprint other = ErrorFingerprint.of(new IllegalArgumentException("one"));

        assertThat(one.frames()).startsWith("io.levqor.ops.errors.ErrorRedactionTests.");
        assertThat(one.key()).hasSize(32);
        assertThat(other.key()).isNotEqualTo(one.key());
        assertThat(two.key()).isEqualTo(one.key());
        assertThat(ErrorFingerprint.ofClient("TypeError", "at f (a.js?v=1:1:2)\nat g")
                        .frames())
                .isEqualTo("at f (a.js:1:2)\nat g");
    }
}
