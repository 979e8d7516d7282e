package io.levqor.analytics.web;

import io.levqor.analytics.Funnel;
import io.levqor.analytics.Funnels;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's funnels. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the role here is
 * the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminFunnelController {

    static final int MAX_STEPS = 10;
    static final Duration MAX_WINDOW = Duration.ofDays(365);

    private final Funnels funnels;
    private final Clock clock;

    AdminFunnelController(Funnels funnels, Clock clock) {
        this.funnels = funnels;
        this.clock = clock;
    }

    @Operation(
            summary = "A funnel over product events",
            description = "Per step: the workspaces (or users) that reached it in order, conversion from the previous"
                    + " step and from the first (4 decimals), and the median seconds from the previous step. A unit"
                    + " enters at its first occurrence of step 1 in [from, to); each later step counts at its first"
                    + " occurrence at or after the previous step's and at most `window` after step 1 (PostHog's"
                    + " ordered funnel). Defaults: to = now, from = 30 days before, window = 14d, by = workspace.")
    @GetMapping("/api/v1/admin/analytics/funnel")
    @RequiresRole(Role.VIEWER)
    Funnel funnel(
            Caller caller,
            @Parameter(description = "2 to 10 distinct event names, comma-separated, in order")
                    @RequestParam(required = false)
                    @Nullable
                    String steps,
            @Parameter(description = "30m, 12h, 14d or ISO-8601 (P14D); at most 365 days")
                    @RequestParam(defaultValue = "14d")
                    String window,
            @Parameter(description = "a date (UTC) or an instant; inclusive") @RequestParam(required = false) @Nullable
                    String from,
            @Parameter(description = "a date (UTC, the whole day counts) or an instant; exclusive")
                    @RequestParam(required = false)
                    @Nullable
                    String to,
            @Parameter(description = "workspace or user") @RequestParam(defaultValue = "workspace") String by) {
        List<String> names = steps(steps);
        Duration span = ReportParameters.duration("window", window, MAX_WINDOW);
        Instant[] range = ReportParameters.range(from, to, clock.instant(), Duration.ofDays(30));
        Funnels.Unit unit = switch (by.toLowerCase(Locale.ROOT)) {
            case "workspace" -> Funnels.Unit.WORKSPACE;
            case "user" -> Funnels.Unit.USER;
            default -> throw ValidationFailed.of("by", "must be workspace or user");
        };
        return funnels.funnel(names, span, range[0], range[1], unit);
    }

    private static List<String> steps(@Nullable String steps) {
        if (steps == null || steps.isBlank()) {
            throw ValidationFailed.of("steps", "is required: 2 to " + MAX_STEPS + " event names, comma-separated");
        }
        List<String> names =
                Arrays.stream(steps.split(",", -1)).map(String::trim).toList();
        if (names.size() < 2 || names.size() > MAX_STEPS) {
            throw ValidationFailed.of("steps", "must name 2 to " + MAX_STEPS + " events");
        }
        for (String name : names) {
            if (!EventBatchReader.NAME.matcher(name).matches()) {
                throw ValidationFailed.of("steps", "'" + name + "' is not an event name (^[a-z][a-z0-9_]{0,63}$)");
            }
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw ValidationFailed.of("steps", "must not name an event twice");
        }
        return names;
    }
}
