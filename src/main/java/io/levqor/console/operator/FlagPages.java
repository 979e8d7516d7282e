package io.levqor.console.operator;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.Flash;
import io.levqor.identity.OperatorDirectory;
import io.levqor.ops.FeatureFlag;
import io.levqor.ops.FlagAdministration;
import io.levqor.ops.FlagChange;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's feature flags: each flag with its kill switch, rollout, plans and overrides, and a form to create or
 * change one. Text fields in the shapes the form explains ({@code on:25}, {@code pro, team}); the rules are
 * {@link FlagAdministration}'s, so the page refuses what the API refuses. Everyone but the operator gets a 404.
 */
@Controller
class FlagPages {

    private final OperatorDirectory directory;
    private final FlagAdministration flags;

    FlagPages(OperatorDirectory directory, FlagAdministration flags) {
        this.directory = directory;
        this.flags = flags;
    }

    /** A flag as the page shows it, with its fields in the form's text shapes. */
    record FlagLine(FeatureFlag flag, String rollout, String plans, String overrides, String variants) {
        static FlagLine of(FeatureFlag flag) {
            return new FlagLine(
                    flag,
                    flag.rollout().stream()
                            .map(a -> a.variant() + ":" + percent(a.percent()))
                            .collect(Collectors.joining(", ")),
                    String.join(", ", flag.plans()),
                    flag.overrides().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("\n")),
                    String.join(", ", flag.variants()));
        }
    }

    @GetMapping("/console/operator/flags")
    String list(Signed signed, Model model) {
        requireOperator(signed);
        model.addAttribute("flags", flags.list().stream().map(FlagLine::of).toList());
        return "console/operator/flags";
    }

    @PostMapping("/console/operator/flags")
    String save(
            Signed signed,
            @RequestParam(defaultValue = "") String key,
            @RequestParam(defaultValue = "boolean") String kind,
            @RequestParam(defaultValue = "") String description,
            @RequestParam(defaultValue = "false") boolean enabled,
            @RequestParam(defaultValue = "") String variants,
            @RequestParam(defaultValue = "") String defaultVariant,
            @RequestParam(defaultValue = "") String rollout,
            @RequestParam(defaultValue = "") String plans,
            @RequestParam(defaultValue = "") String overrides,
            RedirectAttributes redirect) {
        requireOperator(signed);
        String trimmedKey = key.trim();
        try {
            FlagChange change = new FlagChange(
                    kind,
                    description.trim(),
                    enabled,
                    kind.equals(FeatureFlag.BOOLEAN) ? null : list(variants),
                    defaultVariant.isBlank() ? null : defaultVariant.trim(),
                    shares(rollout),
                    list(plans),
                    overrides(overrides));
            FeatureFlag saved = flags.save(signed.caller(), trimmedKey, change);
            Flash.ok(redirect, "Flag “" + saved.key() + "” saved" + (saved.enabled() ? "." : " (switched off)."));
        } catch (ValidationFailed invalid) {
            Flash.error(
                    redirect,
                    "Not saved: "
                            + invalid.errors().stream()
                                    .map(e -> e.field() + " " + e.message())
                                    .collect(Collectors.joining("; ")));
        }
        return "redirect:/console/operator/flags";
    }

    @PostMapping("/console/operator/flags/{key}/delete")
    String delete(Signed signed, @PathVariable String key, RedirectAttributes redirect) {
        requireOperator(signed);
        flags.delete(signed.caller(), key);
        Flash.ok(redirect, "Flag “" + key + "” deleted.");
        return "redirect:/console/operator/flags";
    }

    private void requireOperator(Signed signed) {
        if (!directory.isOperator(signed.user().user())) {
            throw new ProblemException(
                    HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no page at /console/operator/flags.");
        }
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    // "on:25, off:5" → shares in order; a part without ':' or with a non-number is refused naming the field.
    private static List<FlagChange.Share> shares(String text) {
        List<FlagChange.Share> shares = new ArrayList<>();
        for (String part : list(text)) {
            int colon = part.lastIndexOf(':');
            try {
                if (colon < 0) {
                    throw new NumberFormatException();
                }
                shares.add(new FlagChange.Share(
                        part.substring(0, colon).trim(),
                        Double.parseDouble(part.substring(colon + 1).trim())));
            } catch (NumberFormatException e) {
                throw new ValidationFailed(
                        List.of(new FieldError("rollout", "write variant:percent, e.g. on:25 (got " + part + ")")));
            }
        }
        return shares;
    }

    private static Map<String, String> overrides(String text) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new ValidationFailed(List.of(new FieldError(
                        "overrides", "write one workspace-id=variant per line (got " + line.trim() + ")")));
            }
            overrides.put(
                    line.substring(0, equals).trim(), line.substring(equals + 1).trim());
        }
        return overrides;
    }

    private static String percent(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
