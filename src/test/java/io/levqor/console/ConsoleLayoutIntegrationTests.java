package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleLayoutIntegrationTests {

    @Autowired
    HttpApi api;

    @Test
    void theRootLeadsToTheConsoleAndItsScriptsComeFromLevqor(Browser browser) {
        browser.go("/");

        assertThat(browser.path()).isEqualTo("/console");
        assertThat(browser.title()).isEqualTo("Levqor");
        List<String> scripts = browser.all("script").stream()
                .map(s -> s.getDomAttribute("src"))
                .toList();
        assertThat(scripts).isNotEmpty().allSatisfy(src -> assertThat(src).startsWith("/"));
        assertThat(browser.all("script:not([src])"))
                .as("no inline scripts (CSP)")
                .isEmpty();
        // htmx loaded and ran under the page's CSP.
        Object htmxLoaded = browser.waitFor(d -> browser.script("return typeof window.htmx !== 'undefined'"));
        assertThat(htmxLoaded).isEqualTo(true);
        browser.screenshot("home-desktop");
    }

    @Test
    void consolePagesAreNeverCachedButTheirAssetsMayBe() {
        for (String page :
                new String[] {"/", "/console", "/login", "/signup", "/forgot-password", "/console/workflows"}) {
            var answer = api.get(page).send();
            assertThat(answer.header("Cache-Control"))
                    .as(page + " " + answer.status())
                    .contains("no-store");
        }
        var css = api.get("/console/console.css").send();
        assertThat(css.status()).isEqualTo(200);
        assertThat(String.valueOf(css.header("Cache-Control")))
                .as("a static asset")
                .doesNotContain("no-store");
    }

    @Test
    void theWebJarsAreServedLocally() {
        var htmx = api.get("/webjars/htmx.org/dist/htmx.min.js").send();
        var chart = api.get("/webjars/chart.js/dist/chart.umd.min.js").send();

        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.contentType()).contains("javascript");
        assertThat(chart.status()).isEqualTo(200);
    }

    @Test
    void worksAt360PixelsWithoutSidewaysScrollingAndTheKeyboardReachesTheSkipLink(Browser browser) {
        browser.phone().go("/console");

        Long overflow = (Long)
                browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow).isLessThanOrEqualTo(0L);
        browser.driver().findElement(By.tagName("body")).sendKeys(Keys.TAB);
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getText()).isEqualTo("Skip to content");
        browser.screenshot("home-phone");
    }
}
