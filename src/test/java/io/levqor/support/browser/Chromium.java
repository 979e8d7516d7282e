package io.levqor.support.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium and chromium-driver, installed with apt-get when missing (once per JVM). Selenium Manager is
 * never asked: it would download a browser, which these machines must not do.
 */
public final class Chromium {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static boolean checked;

    private Chromium() {}

    public static synchronized void ensureInstalled() {
        if (checked) {
            return;
        }
        if (!(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER))) {
            run(List.of("apt-get", "update"));
            run(List.of("apt-get", "install", "-y", "chromium", "chromium-driver"));
            if (!(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER))) {
                throw new IllegalStateException("apt-get did not install " + BROWSER + " and " + DRIVER);
            }
        }
        checked = true;
    }

    private static void run(List<String> command) {
        try {
            Path log = Files.createTempFile("levqor-apt", ".log");
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 15 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + ", needs root):\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
