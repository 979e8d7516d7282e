package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.browser.Browser;

/** Accessibility basics every console page should pass: labelled controls, no sideways scrolling at 360 px. */
final class PageChecks {

    private PageChecks() {}

    static void labelledAndFitsAPhone(Browser browser, String screenshot) {
        Object unlabelled = browser.script("""
                return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
                    .filter(c => c.labels.length === 0 && !c.getAttribute('aria-label')).map(c => c.name);
                """);
        assertThat((java.util.List<?>) unlabelled)
                .as("controls without a label")
                .isEmpty();
        browser.phone();
        Long overflow = (Long)
                browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow).as("sideways scrolling at 360 px").isLessThanOrEqualTo(0L);
        browser.screenshot(screenshot);
        browser.desktop();
    }
}
