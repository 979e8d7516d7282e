package io.levqor.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class SuppressionsIntegrationTests {

    @Autowired
    Suppressions suppressions;

    @Autowired
    MutableClock clock;

    @Test
    void anAddressIsSuppressedInEveryFormItIsWrittenInAndOnlyOnItsChannel() {
        suppressions.suppress(Channel.EMAIL, " Ada@Example.COM ", SuppressionReason.UNSUBSCRIBED);
        suppressions.suppress(Channel.WHATSAPP, "whatsapp:+44 20 7946-0000", SuppressionReason.STOP);

        assertThat(suppressions.isSuppressed(Channel.EMAIL, "ada@example.com")).isTrue();
        assertThat(suppressions.isSuppressed(Channel.EMAIL, "grace@example.com"))
                .isFalse();
        assertThat(suppressions.isSuppressed(Channel.WHATSAPP, "+442079460000")).isTrue();
        assertThat(suppressions.isSuppressed(Channel.SMS, "+442079460000")).isFalse();
    }

    @Test
    void theFirstReasonStaysAndLiftingTakesTheAddressOff() {
        suppressions.suppress(Channel.EMAIL, "ada@example.com", SuppressionReason.HARD_BOUNCE);
        clock.advance(Duration.ofHours(1));
        suppressions.suppress(Channel.EMAIL, "ADA@example.com", SuppressionReason.UNSUBSCRIBED);

        assertThat(suppressions.list(10, 0))
                .singleElement()
                .satisfies(entry -> assertThat(entry.reason()).isEqualTo(SuppressionReason.HARD_BOUNCE));
        assertThat(suppressions.lift(Channel.EMAIL, "Ada@example.com")).isTrue();
        assertThat(suppressions.lift(Channel.EMAIL, "ada@example.com")).isFalse();
        assertThat(suppressions.isSuppressed(Channel.EMAIL, "ada@example.com")).isFalse();
    }
}
