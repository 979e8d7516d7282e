package io.levqor.console.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the {@link ConsoleFrame} into the model of every console page. */
@ControllerAdvice(basePackages = "io.levqor.console")
class ConsoleFrameAdvice {

    private final ConsoleFrames frames;

    ConsoleFrameAdvice(ConsoleFrames frames) {
        this.frames = frames;
    }

    @ModelAttribute("console")
    ConsoleFrame console(HttpServletRequest request) {
        return frames.forRequest(request);
    }
}
