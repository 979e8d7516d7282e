package io.levqor.console.growth;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.Flash;
import io.levqor.growth.Feedback;
import io.levqor.growth.MailCategory;
import io.levqor.growth.MailPreferences;
import io.levqor.shared.ValidationFailed;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A signed-in user's notification preferences (the same choice as the public page behind the unsubscribe link, for
 * their account's address), and the feedback widget's target.
 */
@Controller
class NotificationPages {

    private static final String PATH = "/console/notifications";

    private final MailPreferences preferences;
    private final Feedback feedback;

    NotificationPages(MailPreferences preferences, Feedback feedback) {
        this.preferences = preferences;
        this.feedback = feedback;
    }

    @GetMapping(PATH)
    String show(Signed signed, Model model) {
        model.addAttribute("view", preferences.of(signed.user().email()));
        model.addAttribute("categories", MailCategory.values());
        return "console/growth/notifications";
    }

    @PostMapping(PATH)
    String save(
            Signed signed,
            @RequestParam(name = "category", required = false) @Nullable List<String> categories,
            RedirectAttributes redirect) {
        Set<MailCategory> chosen = EnumSet.noneOf(MailCategory.class);
        if (categories != null) {
            categories.forEach(wire -> MailCategory.fromWire(wire).ifPresent(chosen::add));
        }
        preferences.choose(signed.user().email(), chosen);
        Flash.ok(redirect, "Notification preferences saved.");
        return "redirect:" + PATH;
    }

    @PostMapping("/console/feedback")
    String feedback(
            Signed signed,
            @RequestParam(required = false) @Nullable Integer rating,
            @RequestParam(required = false) @Nullable String text,
            @RequestParam(required = false) @Nullable String page,
            RedirectAttributes redirect) {
        // Back to the page the widget was on, when it is a plain console path (never another site).
        String back = page != null && page.matches("/console[A-Za-z0-9/_.-]{0,200}") ? page : "/console";
        try {
            feedback.submit(
                    rating, text, page, signed.user().user(), signed.caller().workspace());
            Flash.ok(redirect, "Thank you for your feedback.");
        } catch (ValidationFailed invalid) {
            Flash.error(redirect, "Not sent: " + invalid.detail());
        }
        return "redirect:" + back;
    }
}
