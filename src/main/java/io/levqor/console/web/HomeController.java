package io.levqor.console.web;

import io.levqor.console.security.ConsoleSession;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's entry: {@code /} leads to it; signed out it introduces Levqor, signed in it opens the workflows. */
@Controller
class HomeController {

    private final ConsoleSession session;

    HomeController(ConsoleSession session) {
        this.session = session;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping("/console")
    String home() {
        return session.current().isPresent() ? "redirect:/console/workflows" : "console/home";
    }
}
