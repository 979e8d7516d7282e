package io.levqor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The build refuses an old JDK at once, with a message that says what to do (not javac's bare error). */
class BuildJdkCheckTests {

    @Test
    void mavenOnJdk17FailsAtValidateWithAClearMessage() throws IOException, InterruptedException {
        Optional<Path> jdk17 = jdk17();
        assumeTrue(jdk17.isPresent(), "no JDK 17 under /usr/lib/jvm to try the build with");
        Path project = Path.of("").toAbsolutePath();
        // -o: only the enforcer runs (validate phase), and its plugin is already in the local repository.
        ProcessBuilder builder = new ProcessBuilder(project.resolve("mvnw").toString(), "-o", "-q", "-B", "validate")
                .directory(project.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", jdk17.get().toString());
        builder.environment().remove("MAVEN_OPTS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output)
                .contains("require-jdk-21")
                .contains("Levqor needs JDK 21 or newer")
                .contains("export JAVA_HOME=")
                .doesNotContain("release version 21 not supported");
    }

    private static Optional<Path> jdk17() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> candidates = Files.list(jvms)) {
            return candidates
                    .filter(path -> path.getFileName().toString().contains("17"))
                    .filter(path -> Files.isExecutable(path.resolve("bin/java")))
                    .sorted(Comparator.naturalOrder())
                    .findFirst();
        }
    }
}
