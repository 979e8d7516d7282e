package io.levqor.console.operator;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.Flash;
import io.levqor.growth.Channel;
import io.levqor.growth.Feedback;
import io.levqor.growth.LifecycleSequences;
import io.levqor.growth.LifecycleStep;
import io.levqor.growth.Support;
import io.levqor.growth.SuppressionReason;
import io.levqor.growth.Suppressions;
import io.levqor.identity.OperatorDirectory;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.util.Arrays;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's messaging pages: lifecycle mail (each step's template with a preview, edit, switch off, back to the
 * default, and the latest sends), the suppression list (list, add, lift), the support inbox (list, thread, reply by
 * e-mail, close) and feedback. Growth's facades do the work; everyone but the operator gets a 404.
 */
@Controller
class MessagingPages {

    private static final String BASE = "/console/operator";

    private final OperatorDirectory directory;
    private final LifecycleSequences sequences;
    private final Suppressions suppressions;
    private final Support support;
    private final Feedback feedback;

    MessagingPages(
            OperatorDirectory directory,
            LifecycleSequences sequences,
            Suppressions suppressions,
            Support support,
            Feedback feedback) {
        this.directory = directory;
        this.sequences = sequences;
        this.suppressions = suppressions;
        this.support = support;
        this.feedback = feedback;
    }

    @GetMapping(BASE + "/lifecycle")
    String lifecycle(Signed signed, Model model) {
        requireOperator(signed);
        model.addAttribute("steps", sequences.all());
        model.addAttribute("sends", sequences.recent(50));
        return "console/operator/lifecycle";
    }

    @GetMapping(BASE + "/lifecycle/{key}")
    String step(Signed signed, @PathVariable String key, Model model) {
        requireOperator(signed);
        LifecycleStep step = step(key);
        var template = sequences.get(step);
        model.addAttribute("template", template);
        model.addAttribute("preview", sequences.preview(step));
        model.addAttribute("sample", LifecycleSequences.SAMPLE_EMAIL);
        return "console/operator/lifecycle-step";
    }

    @PostMapping(BASE + "/lifecycle/{key}")
    String save(
            Signed signed,
            @PathVariable String key,
            @RequestParam String subject,
            @RequestParam String html,
            @RequestParam String text,
            @RequestParam(defaultValue = "false") boolean enabled,
            @RequestParam(defaultValue = "save") String action,
            Model model,
            RedirectAttributes redirect) {
        requireOperator(signed);
        LifecycleStep step = step(key);
        try {
            if (action.equals("preview")) {
                // The unsaved text, previewed in place: the form keeps what was typed.
                model.addAttribute(
                        "template",
                        new LifecycleSequences.StepTemplate(step, subject, html, text, enabled, true, null));
                model.addAttribute("preview", sequences.preview(step, subject, html, text));
                model.addAttribute("sample", LifecycleSequences.SAMPLE_EMAIL);
                return "console/operator/lifecycle-step";
            }
            sequences.save(step, subject, html, text, enabled, signed.user().user());
            Flash.ok(redirect, "Saved “" + step.key() + "”" + (enabled ? "." : "; it is switched off."));
        } catch (ValidationFailed invalid) {
            Flash.error(redirect, "Not saved: " + invalid.detail());
        }
        return "redirect:" + BASE + "/lifecycle/" + step.key();
    }

    @PostMapping(BASE + "/lifecycle/{key}/switch")
    String toggle(Signed signed, @PathVariable String key, @RequestParam boolean enabled, RedirectAttributes redirect) {
        requireOperator(signed);
        LifecycleStep step = step(key);
        sequences.setEnabled(step, enabled, signed.user().user());
        Flash.ok(redirect, "“" + step.key() + "” is " + (enabled ? "on." : "off."));
        return "redirect:" + BASE + "/lifecycle";
    }

    @PostMapping(BASE + "/lifecycle/{key}/reset")
    String reset(Signed signed, @PathVariable String key, RedirectAttributes redirect) {
        requireOperator(signed);
        LifecycleStep step = step(key);
        sequences.reset(step);
        Flash.ok(redirect, "“" + step.key() + "” is back to the shipped text.");
        return "redirect:" + BASE + "/lifecycle/" + step.key();
    }

    @GetMapping(BASE + "/suppressions")
    String suppressions(Signed signed, @RequestParam(defaultValue = "0") int offset, Model model) {
        requireOperator(signed);
        int from = Math.max(0, offset);
        model.addAttribute("entries", suppressions.list(100, from));
        model.addAttribute("offset", from);
        model.addAttribute("channels", Channel.values());
        return "console/operator/suppressions";
    }

    @PostMapping(BASE + "/suppressions")
    String suppress(
            Signed signed, @RequestParam String channel, @RequestParam String address, RedirectAttributes redirect) {
        requireOperator(signed);
        Channel which = channel(channel);
        if (address.isBlank() || address.length() > 512) {
            Flash.error(redirect, "Not added: an address is 1 to 512 characters.");
        } else {
            suppressions.suppress(which, address, SuppressionReason.MANUAL);
            Flash.ok(redirect, "Suppressed " + which.normalise(address) + " (" + which.wire() + ").");
        }
        return "redirect:" + BASE + "/suppressions";
    }

    @PostMapping(BASE + "/suppressions/lift")
    String lift(
            Signed signed, @RequestParam String channel, @RequestParam String address, RedirectAttributes redirect) {
        requireOperator(signed);
        Channel which = channel(channel);
        if (suppressions.lift(which, address)) {
            Flash.ok(redirect, "Lifted " + which.normalise(address) + " (" + which.wire() + ").");
        } else {
            Flash.error(redirect, "Not on the list: " + which.normalise(address) + ".");
        }
        return "redirect:" + BASE + "/suppressions";
    }

    @GetMapping(BASE + "/support")
    String inbox(Signed signed, @RequestParam(defaultValue = "open") String state, Model model) {
        requireOperator(signed);
        model.addAttribute("state", state.equals("closed") ? "closed" : "open");
        model.addAttribute("tickets", support.inbox(state, 100));
        return "console/operator/support";
    }

    @GetMapping(BASE + "/support/{id}")
    String ticket(Signed signed, @PathVariable UUID id, Model model) {
        requireOperator(signed);
        model.addAttribute("thread", support.thread(id));
        return "console/operator/support-ticket";
    }

    @PostMapping(BASE + "/support/{id}/reply")
    String reply(Signed signed, @PathVariable UUID id, @RequestParam String message, RedirectAttributes redirect) {
        requireOperator(signed);
        try {
            support.reply(id, message, signed.user().user());
            Flash.ok(redirect, "Reply sent.");
        } catch (ValidationFailed invalid) {
            Flash.error(redirect, "Not sent: " + invalid.detail());
        }
        return "redirect:" + BASE + "/support/" + id;
    }

    @PostMapping(BASE + "/support/{id}/close")
    String close(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        requireOperator(signed);
        Flash.ok(redirect, support.close(id) ? "Ticket closed." : "The ticket was closed already.");
        return "redirect:" + BASE + "/support";
    }

    @GetMapping(BASE + "/feedback")
    String feedback(Signed signed, Model model) {
        requireOperator(signed);
        model.addAttribute("entries", feedback.latest(200));
        return "console/operator/feedback";
    }

    private static LifecycleStep step(String key) {
        return LifecycleStep.fromKey(key)
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no lifecycle step " + key + "."));
    }

    private static Channel channel(@Nullable String wire) {
        return Arrays.stream(Channel.values())
                .filter(c -> c.wire().equals(wire))
                .findFirst()
                .orElseThrow(() -> ValidationFailed.of("channel", "must be one of email, sms, whatsapp, push"));
    }

    private void requireOperator(Signed signed) {
        if (!directory.isOperator(signed.user().user())) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no such page.");
        }
    }
}
