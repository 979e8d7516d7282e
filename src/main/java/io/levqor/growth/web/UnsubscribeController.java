package io.levqor.growth.web;

import io.levqor.growth.MailCategory;
import io.levqor.growth.MailPreferences;
import io.levqor.growth.internal.MailLinks;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The links in every marketing mail, without an account: {@code POST /u/{token}} is RFC 8058's one-click unsubscribe
 * (a mail client posts {@code List-Unsubscribe=One-Click}; no cookie, no CSRF token: the signed token is the
 * credential) and stops the mail's category; {@code GET /u/{token}} is the preference page, whose form posts to
 * {@code /u/{token}/preferences}. A token that does not verify is a 404 page that says nothing about why.
 */
@Controller
class UnsubscribeController {

    private final MailLinks links;
    private final MailPreferences preferences;

    UnsubscribeController(MailLinks links, MailPreferences preferences) {
        this.links = links;
        this.preferences = preferences;
    }

    @GetMapping(MailLinks.UNSUBSCRIBE_PATH + "{token}")
    String page(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<MailLinks.Unsubscribe> target = links.verifyUnsubscribe(token);
        if (target.isEmpty()) {
            return invalid(response);
        }
        return show(token, target.get(), null, model);
    }

    @PostMapping(MailLinks.UNSUBSCRIBE_PATH + "{token}")
    String oneClick(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<MailLinks.Unsubscribe> target = links.verifyUnsubscribe(token);
        if (target.isEmpty()) {
            return invalid(response);
        }
        preferences.optOut(target.get().address(), target.get().category());
        return show(
                token,
                target.get(),
                "You will no longer get “" + target.get().category().label() + "” mail. Account mail (receipts,"
                        + " password resets) still comes.",
                model);
    }

    @PostMapping(MailLinks.UNSUBSCRIBE_PATH + "{token}/preferences")
    String choose(
            @PathVariable String token,
            @RequestParam(name = "category", required = false) @Nullable List<String> categories,
            @RequestParam(name = "all", required = false) @Nullable String all,
            Model model,
            HttpServletResponse response) {
        Optional<MailLinks.Unsubscribe> target = links.verifyUnsubscribe(token);
        if (target.isEmpty()) {
            return invalid(response);
        }
        String address = target.get().address();
        if (all != null) {
            preferences.unsubscribeAll(address);
            return show(token, target.get(), "You will get no more mail from us but account mail.", model);
        }
        Set<MailCategory> chosen = EnumSet.noneOf(MailCategory.class);
        if (categories != null) {
            // Unknown names are ignored: the form only offers the known ones.
            categories.forEach(wire -> MailCategory.fromWire(wire).ifPresent(chosen::add));
        }
        preferences.choose(address, chosen);
        return show(token, target.get(), "Your preferences are saved.", model);
    }

    private String show(String token, MailLinks.Unsubscribe target, @Nullable String notice, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("view", preferences.of(target.address()));
        model.addAttribute("categories", MailCategory.values());
        model.addAttribute("notice", notice);
        return "growth/preferences";
    }

    private static String invalid(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        return "growth/link-invalid";
    }
}
