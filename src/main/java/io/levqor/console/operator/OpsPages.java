package io.levqor.console.operator;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.Flash;
import io.levqor.identity.OperatorDirectory;
import io.levqor.ops.alerts.Alerts;
import io.levqor.ops.alerts.Silence;
import io.levqor.ops.backup.Backups;
import io.levqor.ops.errors.ErrorTracking;
import io.levqor.ops.slowqueries.SlowQueries;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's operations pages: backups (with "Back up now"), alerts (firing, history, silences), error groups
 * and slow queries. They call ops' facades, so they refuse what the admin API refuses. Everyone but the operator
 * gets a 404.
 */
@Controller
class OpsPages {

    private final OperatorDirectory directory;
    private final Backups backups;
    private final Alerts alerts;
    private final ErrorTracking errors;
    private final SlowQueries slowQueries;
    private final Clock clock;

    OpsPages(
            OperatorDirectory directory,
            Backups backups,
            Alerts alerts,
            ErrorTracking errors,
            SlowQueries slowQueries,
            Clock clock) {
        this.directory = directory;
        this.backups = backups;
        this.alerts = alerts;
        this.errors = errors;
        this.slowQueries = slowQueries;
        this.clock = clock;
    }

    /** A silence as the page lists it: its matchers in the form's text shape, and whether it is in force. */
    record SilenceLine(Silence silence, String matchers, String state) {}

    @GetMapping("/console/operator/backups")
    String backups(Signed signed, Model model) {
        requireOperator(signed, "/console/operator/backups");
        model.addAttribute("backups", backups.list(50));
        return "console/operator/backups";
    }

    @PostMapping("/console/operator/backups")
    String backUpNow(Signed signed, RedirectAttributes redirect) {
        requireOperator(signed, "/console/operator/backups");
        try {
            UUID id = backups.start("console");
            Flash.ok(
                    redirect, "Backup " + id + " started: it is verified by a restore when it ends. Reload to see it.");
        } catch (ProblemException refused) {
            Flash.error(redirect, "Not started: " + refused.detail());
        }
        return "redirect:/console/operator/backups";
    }

    @GetMapping("/console/operator/alerts")
    String alerts(Signed signed, Model model) {
        requireOperator(signed, "/console/operator/alerts");
        Instant now = clock.instant();
        model.addAttribute("firing", alerts.history("firing", 200));
        model.addAttribute("resolved", alerts.history("resolved", 50));
        model.addAttribute(
                "silences",
                alerts.silences(true).stream()
                        .map(s -> new SilenceLine(
                                s,
                                s.matchers().stream()
                                        .map(m -> m.name() + (m.regex() ? "=~" : "=") + m.value())
                                        .collect(Collectors.joining(", ")),
                                s.active(now) ? "active" : now.isBefore(s.startsAt()) ? "pending" : "expired"))
                        .toList());
        return "console/operator/alerts";
    }

    @PostMapping("/console/operator/alerts/silences")
    String silence(
            Signed signed,
            @RequestParam(defaultValue = "") String matchers,
            @RequestParam(defaultValue = "") String duration,
            @RequestParam(defaultValue = "") String comment,
            RedirectAttributes redirect) {
        requireOperator(signed, "/console/operator/alerts");
        try {
            Instant endsAt = clock.instant().plus(duration(duration));
            Silence silence = alerts.createSilence(signed.caller(), matchers(matchers), null, endsAt, comment);
            Flash.ok(redirect, "Silence created until " + silence.endsAt() + ".");
        } catch (ValidationFailed invalid) {
            Flash.error(
                    redirect,
                    "Not created: "
                            + invalid.errors().stream()
                                    .map(e -> e.field() + " " + e.message())
                                    .collect(Collectors.joining("; ")));
        }
        return "redirect:/console/operator/alerts";
    }

    @PostMapping("/console/operator/alerts/silences/{id}/expire")
    String expire(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        requireOperator(signed, "/console/operator/alerts");
        alerts.expireSilence(id);
        Flash.ok(redirect, "Silence expired.");
        return "redirect:/console/operator/alerts";
    }

    @GetMapping("/console/operator/errors")
    String errors(
            Signed signed,
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable String cursor,
            Model model) {
        requireOperator(signed, "/console/operator/errors");
        model.addAttribute("page", errors.list(kind == null || kind.isBlank() ? null : kind, cursor, 50));
        model.addAttribute("kind", kind == null ? "" : kind);
        return "console/operator/errors";
    }

    @GetMapping("/console/operator/slow-queries")
    String slowQueries(Signed signed, @RequestParam(defaultValue = "total") String orderBy, Model model) {
        requireOperator(signed, "/console/operator/slow-queries");
        model.addAttribute("report", slowQueries.top(orderBy, 50));
        return "console/operator/slow-queries";
    }

    private void requireOperator(Signed signed, String path) {
        if (!directory.isOperator(signed.user().user())) {
            throw new ProblemException(
                    HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no page at " + path + ".");
        }
    }

    // "alertname=QueueOldestAge", one per line or comma-separated; "name=~regex" for a regular expression.
    private static List<Alerts.MatcherInput> matchers(String text) {
        List<Alerts.MatcherInput> inputs = new ArrayList<>();
        for (String part : text.split("[,\\n]")) {
            String line = part.trim();
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 1) {
                throw new ValidationFailed(
                        List.of(new FieldError("matchers", "write label=value or label=~regex (got " + line + ")")));
            }
            boolean regex = line.startsWith("=~", equals);
            String value = line.substring(equals + (regex ? 2 : 1)).trim();
            inputs.add(new Alerts.MatcherInput(line.substring(0, equals).trim(), value, regex));
        }
        return inputs;
    }

    // "2h", "30m", "1d": Spring's simple duration style, as in the configuration.
    private static Duration duration(String text) {
        try {
            Duration duration = DurationStyle.SIMPLE.parse(text.trim().toLowerCase(Locale.ROOT));
            if (duration.isPositive()) {
                return duration;
            }
        } catch (IllegalArgumentException e) {
            // answered below, naming the field
        }
        throw new ValidationFailed(
                List.of(new FieldError("duration", "write a duration such as 30m, 2h or 1d (got " + text + ")")));
    }
}
