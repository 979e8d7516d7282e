package io.levqor.support.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Gives tests a {@link Browser} on the running server. One Chromium serves the whole test JVM (starting one costs
 * more than most tests); each test starts signed out, with its cookies cleared and a desktop-sized window.
 */
public final class BrowserExtension implements ParameterResolver, BeforeEachCallback, AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Browser.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return browser(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Browser browser = browser(context);
        browser.driver().manage().deleteAllCookies();
        browser.desktop();
    }

    /** A failed test leaves the page it saw: a screenshot and the HTML, under target/screenshots/failed-*. */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        Browser browser = browser(context);
        String name = "failed-" + context.getRequiredTestClass().getSimpleName() + "-"
                + context.getRequiredTestMethod().getName();
        try {
            browser.screenshot(name);
            Files.writeString(
                    Path.of("target", "screenshots", name + ".html"),
                    browser.path() + "\n" + browser.driver().getPageSource());
        } catch (RuntimeException | IOException e) {
            context.getExecutionException().get().addSuppressed(e);
        }
    }

    private static Browser browser(ExtensionContext context) {
        String port =
                SpringExtension.getApplicationContext(context).getEnvironment().getProperty("local.server.port");
        Session session = context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(Session.class, type -> Session.start(), Session.class);
        return new Browser(session.driver, "http://localhost:" + port);
    }

    /** The JVM's one browser; JUnit closes it when the test run ends. */
    static final class Session implements AutoCloseable {
        final ChromeDriver driver;
        final Path profile;

        private Session(ChromeDriver driver, Path profile) {
            this.driver = driver;
            this.profile = profile;
        }

        static Session start() {
            Chromium.ensureInstalled();
            try {
                Path profile = Files.createTempDirectory("levqor-chromium");
                ChromeOptions options = new ChromeOptions();
                options.setBinary(Chromium.BROWSER.toFile());
                options.addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-dev-shm-usage",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--user-data-dir=" + profile,
                        "--window-size=1280,900");
                ChromeDriverService service = new ChromeDriverService.Builder()
                        .usingDriverExecutable(Chromium.DRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
                ChromeDriver driver = new ChromeDriver(service, options);
                driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
                return new Session(driver, profile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                deleteQuietly(profile);
            }
        }

        private static void deleteQuietly(Path directory) {
            try (var paths = Files.walk(directory)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }
}
