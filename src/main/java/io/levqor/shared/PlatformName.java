package io.levqor.shared;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's name as its users see it (the status page's title), bound to {@code levqor.name}.
 *
 * @param name e.g. "Acme Automations"; "Levqor" unless set
 */
@ConfigurationProperties("levqor")
public record PlatformName(@DefaultValue("Levqor") String name) {

    public PlatformName {
        if (name.isBlank()) {
            throw new IllegalArgumentException("levqor.name must not be blank");
        }
        name = name.strip();
    }
}
