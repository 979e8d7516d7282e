package io.levqor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Levqor: self-hostable workflow automation with the SaaS business built in. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class Levqor {

    /** One-shot commands (ops' BackupCommands runs them), e.g. {@code java -jar levqor.jar backup}. */
    static final Set<String> COMMANDS = Set.of("backup", "restore");

    // A command runs beside a serving Levqor: no port of its own, no workers, no scheduled backup.
    private static final Map<String, String> COMMAND_DEFAULTS = Map.of(
            "server.port", "0",
            "levqor.engine.workers", "0",
            "levqor.ops.backup.schedule-enabled", "false");

    // The embedded PostgreSQL starts beside the context (shared's EarlyEmbeddedPostgres); not for a command, which
    // may run beside a serving Levqor, nor in tests, which never come through main.
    private static final String EARLY_DATABASE = "levqor.database.embedded-early-start";

    public static void main(String[] args) {
        var application = new SpringApplication(Levqor.class);
        if (args.length == 0 || !COMMANDS.contains(args[0])) {
            application.setDefaultProperties(Map.of(EARLY_DATABASE, "true"));
        }
        application.run(commandLine(args));
    }

    /** The arguments, plus a command's defaults for whatever the operator did not set. */
    static String[] commandLine(String[] args) {
        if (args.length == 0 || !COMMANDS.contains(args[0])) {
            return args;
        }
        List<String> all = new ArrayList<>(Arrays.asList(args));
        COMMAND_DEFAULTS.forEach((name, value) -> {
            if (all.stream().noneMatch(arg -> arg.startsWith("--" + name + "="))) {
                all.add("--" + name + "=" + value);
            }
        });
        return all.toArray(String[]::new);
    }
}
