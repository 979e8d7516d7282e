package io.levqor.ops.status.web;

import io.levqor.ops.status.StatusBoard;
import io.levqor.ops.status.StatusBoard.StatusView;
import io.levqor.shared.FeatureFlags;
import io.levqor.shared.OpenApiProblems;
import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The public status page: {@code /status} as server-rendered HTML without a single script (its CSP allows none) and
 * {@code /status.json} for machines. No sign-in; the feature flag {@code status-page} switched off answers 404.
 */
@Controller
class StatusController {

    /** The flag that switches the public page on and off (platform-wide: its kill switch and 100 % rollout). */
    static final String FLAG = "status-page";

    // A platform-wide flag has no workspace to target: the nil id stands for the platform.
    private static final WorkspaceId PLATFORM = new WorkspaceId(new UUID(0, 0));
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";
    private static final CacheControl CACHE =
            CacheControl.maxAge(Duration.ofSeconds(15)).cachePublic();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final StatusBoard board;
    private final FeatureFlags flags;

    StatusController(StatusBoard board, FeatureFlags flags) {
        this.board = board;
        this.flags = flags;
    }

    /** Formats times on the page. */
    public static final class Times {
        public String at(Instant instant) {
            return TIME.format(instant);
        }
    }

    @Operation(
            summary = "The platform's status (public, no sign-in)",
            description = "The platform's name, its overall state (the worst component's), each component (api, "
                    + "webhooks, workers, scheduler, database) with its state (operational, degraded or outage: measured,"
                    + " made worse by the open incidents that name it), its 90-day uptime and daily bars; the open "
                    + "incidents and those resolved in the last days, each with its timeline newest first. Figures are"
                    + " at most 15 s old. 404 while the feature flag status-page is switched off.")
    @ApiResponse(responseCode = "200", description = "The status")
    @ApiResponse(
            responseCode = "404",
            description = "The feature flag status-page is switched off",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(ref = "#/components/schemas/" + OpenApiProblems.SCHEMA)))
    @GetMapping(path = "/status.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StatusView> json() {
        requireEnabled();
        return ResponseEntity.ok().cacheControl(CACHE).body(board.view());
    }

    @GetMapping(path = "/status", produces = MediaType.TEXT_HTML_VALUE)
    String page(Model model, HttpServletResponse response) {
        requireEnabled();
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE.getHeaderValue());
        model.addAttribute("status", board.view());
        model.addAttribute("times", new Times());
        return "status";
    }

    private void requireEnabled() {
        if (!flags.enabled(FLAG, PLATFORM, true)) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no status page.");
        }
    }
}
