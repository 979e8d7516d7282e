package io.levqor.console.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's entry: {@code /} leads to it; signed out it introduces Levqor, signed in it shows the overview. */
@Controller
class HomeController {

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping("/console")
    String home() {
        return "console/home";
    }
}
