package io.levqor.growth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailCanonicalTests {

    @Test
    void foldsCaseAndDropsPlusTagsEverywhere() {
        assertThat(EmailCanonical.of("  Ada.Lovelace+news@Example.ORG ")).isEqualTo("ada.lovelace@example.org");
        assertThat(EmailCanonical.of("ada+a+b@example.org")).isEqualTo("ada@example.org");
    }

    @Test
    void dropsDotsAndUnifiesTheDomainOnlyWhereTheProviderIgnoresThem() {
        assertThat(EmailCanonical.of("A.D.A+x@googlemail.com")).isEqualTo("ada@gmail.com");
        assertThat(EmailCanonical.of("ada@GMAIL.com")).isEqualTo("ada@gmail.com");
        assertThat(EmailCanonical.of("a.da@example.org")).isNotEqualTo(EmailCanonical.of("ada@example.org"));
    }

    @Test
    void foldsCompatibilityFormsLikeIdentitysEmailKey() {
        assertThat(EmailCanonical.of("ＡＤＡ@example.org")).isEqualTo("ada@example.org");
        assertThat(EmailCanonical.hash("Ada+1@example.org")).isEqualTo(EmailCanonical.hash("ada@EXAMPLE.org"));
    }

    @Test
    void aLeadingPlusIsPartOfTheNameNotATag() {
        assertThat(EmailCanonical.of("+ada@example.org")).isEqualTo("+ada@example.org");
    }

    @Test
    void theDomainIsFoldedWithoutItsTrailingDot() {
        assertThat(EmailCanonical.domainOf("ada@Mailinator.COM.")).isEqualTo("mailinator.com");
        assertThat(EmailCanonical.domainOf("no-at-sign")).isEmpty();
    }
}
