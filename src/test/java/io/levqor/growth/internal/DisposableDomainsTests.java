package io.levqor.growth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DisposableDomainsTests {

    @Test
    void theShippedListIsReadWithCommentsSkippedAndExtendedByConfiguration() {
        var domains = DisposableDomains.shippedPlus(List.of(" Burner.Example "));

        assertThat(domains.size()).isGreaterThan(50);
        assertThat(domains.contains("mailinator.com")).isTrue();
        assertThat(domains.contains("burner.example")).isTrue();
        assertThat(domains.contains("# disposable (throw-away) e-mail domains: a signup from one of these, or from a"))
                .isFalse();
    }

    @Test
    void aSubdomainOfAListedDomainCountsButNotALookAlike() {
        var domains = new DisposableDomains(List.of("yopmail.com"));

        assertThat(domains.contains("a.b.yopmail.com")).isTrue();
        assertThat(domains.contains("YOPMAIL.COM")).isTrue();
        assertThat(domains.contains("notyopmail.com")).isFalse();
        assertThat(domains.contains("gmail.com")).isFalse();
    }
}
