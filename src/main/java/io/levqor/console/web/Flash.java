package io.levqor.console.web;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A one-time message shown on the page after a redirect; {@code kind} is {@code ok}, {@code error} or {@code info}. */
public record Flash(String kind, String text) {

    public static void ok(RedirectAttributes redirect, String text) {
        redirect.addFlashAttribute("flash", new Flash("ok", text));
    }

    public static void error(RedirectAttributes redirect, String text) {
        redirect.addFlashAttribute("flash", new Flash("error", text));
    }
}
