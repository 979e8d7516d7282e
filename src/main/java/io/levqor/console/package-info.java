/**
 * The web console: server-rendered pages that call the other modules' facades and hold no business logic of their own.
 */
@ApplicationModule(
        allowedDependencies = {
            "shared",
            "identity",
            "mail",
            "mail :: outbox",
            "workflow",
            "engine",
            "connectors",
            "billing",
            "growth",
            "analytics",
            "ops",
            "ops :: backup",
            "ops :: alerts",
            "ops :: errors",
            "ops :: slowqueries",
            "privacy"
        })
@NullMarked
package io.levqor.console;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
