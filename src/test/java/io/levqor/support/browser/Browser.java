package io.levqor.support.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium pointed at the server under test, with the few moves a person makes: open a page, fill a
 * field by its label, press a button by its text, read the page, take a screenshot.
 */
public final class Browser {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final WebDriver driver;
    private final String baseUrl;

    Browser(WebDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    public WebDriver driver() {
        return driver;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Browser go(String path) {
        driver.get(path.startsWith("http") ? path : baseUrl + path);
        return this;
    }

    public String path() {
        String url = driver.getCurrentUrl();
        return url == null ? "" : url.replaceFirst("^https?://[^/]+", "");
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String title() {
        return driver.getTitle();
    }

    /** The control that the label with this text names (by its {@code for} attribute). */
    public WebElement field(String label) {
        // A label in a hidden part of the page (the editor's JSON view behind its Form view) has no visible text:
        // match its text content then, so a script can still set or read the control.
        WebElement labelElement = waitFor(d -> d.findElements(By.tagName("label")).stream()
                .filter(l -> l.getText().trim().equals(label))
                .findFirst()
                .or(() -> d.findElements(By.tagName("label")).stream()
                        .filter(l -> label.equals(
                                String.valueOf(l.getDomProperty("textContent")).trim()))
                        .findFirst())
                .orElse(null));
        return driver.findElement(By.id(labelElement.getDomAttribute("for")));
    }

    public Browser fill(String label, String value) {
        WebElement element = field(label);
        element.clear();
        element.sendKeys(value);
        return this;
    }

    /** Replaces a text area's whole content in one go (sendKeys would be slow and auto-indent nothing). */
    public Browser setValue(String label, String value) {
        WebElement element = field(label);
        ((JavascriptExecutor) driver)
                .executeScript(
                        "arguments[0].value = arguments[1];"
                                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                        element,
                        value);
        return this;
    }

    public Browser select(String label, String visibleText) {
        new org.openqa.selenium.support.ui.Select(field(label)).selectByVisibleText(visibleText);
        return this;
    }

    /** Presses the button (or else the link) whose visible text is exactly this. */
    public Browser press(String text) {
        clickable(text).click();
        return this;
    }

    /** Presses a button that asks "are you sure?" first, and says yes. */
    public Browser pressAndConfirm(String text) {
        press(text);
        waitFor(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent())
                .accept();
        return this;
    }

    public WebElement clickable(String text) {
        return waitFor(d -> d.findElements(By.cssSelector("button, input[type=submit]")).stream()
                .filter(e -> e.isDisplayed() && text.equals(e.getText().trim()))
                .findFirst()
                .or(() -> d.findElements(By.cssSelector("a")).stream()
                        .filter(e -> e.isDisplayed() && text.equals(e.getText().trim()))
                        .findFirst())
                .orElse(null));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebElement one(String css) {
        return waitFor(
                d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    public boolean hasButton(String text) {
        return driver.findElements(By.cssSelector("button, a.button, input[type=submit]")).stream()
                .anyMatch(e -> text.equals(e.getText().trim()));
    }

    /**
     * Waits, up to a deadline, until the condition answers something other than null or false. An element that
     * went stale (the page navigated or htmx swapped it while we looked) counts as "not yet", not as a failure.
     */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    try {
                        return condition.apply(d);
                    } catch (org.openqa.selenium.WebDriverException e) {
                        if (isStaleNode(e)) {
                            return null;
                        }
                        throw e;
                    }
                });
    }

    /**
     * Chromium sometimes reports an element of a page that is being replaced as an inspector error instead of a
     * stale element (seen once in CI while a page navigated under {@link #waitForText}); it means the same thing.
     */
    private static boolean isStaleNode(org.openqa.selenium.WebDriverException e) {
        String message = e.getMessage();
        return message != null && message.contains("does not belong to the document");
    }

    /** Clicks the first element matching {@code css}, finding it again if a live page replaced it meanwhile. */
    public Browser click(String css) {
        waitFor(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
        return this;
    }

    public Browser waitForText(String text) {
        waitFor(d -> d.findElement(By.tagName("body")).getText().contains(text));
        return this;
    }

    public Browser waitForPath(String prefix) {
        waitFor(d -> path().startsWith(prefix));
        return this;
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public Browser size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        return this;
    }

    public Browser desktop() {
        return size(1280, 900);
    }

    public Browser phone() {
        return size(360, 780);
    }

    public String cookie(String name) {
        Cookie cookie = driver.manage().getCookieNamed(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** Logs in through the console's login form and waits for the workflows page. */
    public Browser logIn(String email, String password) {
        go("/login").fill("E-mail", email).fill("Password", password).press("Log in");
        return waitForPath("/console/workflows");
    }

    /** Picks a workspace in the top bar's switcher (it submits on change). */
    public Browser switchWorkspace(String visibleText) {
        select("Workspace", visibleText);
        return waitForText("Switched workspace.");
    }

    /** The CSRF token of the page being shown, for requests a test forges on purpose. */
    public String csrfToken() {
        return one("meta[name=csrf-token]").getDomAttribute("content");
    }

    /** Saves a full-page screenshot as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Long height = (Long) script("return Math.ceil(document.documentElement.scrollHeight)");
            Dimension before = driver.manage().window().getSize();
            if (height != null && height > before.getHeight()) {
                size(before.getWidth(), (int) Math.min(height + 140, 4000));
            }
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            size(before.getWidth(), before.getHeight());
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
