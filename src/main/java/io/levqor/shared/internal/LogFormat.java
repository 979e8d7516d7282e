package io.levqor.shared.internal;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code LEVQOR_LOG_FORMAT=json} into Spring Boot's structured console logging (ECS JSON, one object a
 * line). It runs before logging starts, which a bean could not.
 */
public class LogFormat implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format =
                environment.getProperty("levqor.log-format", environment.getProperty("LEVQOR_LOG_FORMAT", "text"));
        switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "json" ->
                environment
                        .getPropertySources()
                        .addFirst(new MapPropertySource(
                                "levqorLogFormat", Map.of("logging.structured.format.console", "ecs")));
            case "text", "" -> {
                // Spring Boot's default human-readable lines.
            }
            default ->
                throw new IllegalArgumentException("LEVQOR_LOG_FORMAT must be 'text' or 'json', not '" + format + "'");
        }
    }
}
