package io.levqor.growth.web;

import io.levqor.growth.Feedback;
import io.levqor.growth.Support;
import io.levqor.identity.Member;
import io.levqor.identity.WorkspaceMembership;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/support/messages} opens a support ticket: signed-in users (their address is the account's
 * unless they name another) or anyone who gives an e-mail address — a public path in identity's security
 * configuration, under its per-client rate limit. {@code POST /api/v1/feedback} takes a signed-in user's rating.
 */
@RestController
class SupportController {

    /** A new ticket. */
    record SupportRequest(
            @Nullable String email,
            @Nullable String subject,
            @Nullable String message) {}

    /** What the opener gets back: the ticket's id, to quote. */
    record SupportCreated(UUID id, String state) {}

    /** A rating from 1 to 5, an optional text and the page it is about. */
    record FeedbackRequest(
            @Nullable Integer rating,
            @Nullable String text,
            @Nullable String page) {}

    /** The stored feedback's id. */
    record FeedbackCreated(UUID id) {}

    private final Support support;
    private final Feedback feedback;
    private final WorkspaceMembership membership;

    SupportController(Support support, Feedback feedback, WorkspaceMembership membership) {
        this.support = support;
        this.feedback = feedback;
        this.membership = membership;
    }

    @PostMapping("/api/v1/support/messages")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Open a support ticket",
            description = "No authentication needed: `email` is required then; a signed-in user's account address is"
                    + " used when `email` is left out. `subject` 1–200 characters on one line, `message` 1–10,000."
                    + " At most 5 tickets an hour per address (429), on top of the per-client rate limit. The"
                    + " operator answers by e-mail.")
    SupportCreated open(@RequestBody SupportRequest request) {
        @Nullable Caller caller = currentCaller();
        @Nullable String email = request.email();
        if ((email == null || email.isBlank()) && caller != null && caller.user() != null) {
            email = membership.members(caller).stream()
                    .filter(m -> m.userId().equals(caller.user()))
                    .map(Member::email)
                    .findFirst()
                    .orElse(null);
        }
        Support.Ticket ticket = support.open(
                email,
                request.subject(),
                request.message(),
                caller == null ? null : caller.user(),
                caller == null ? null : caller.workspace());
        return new SupportCreated(ticket.id(), ticket.state());
    }

    @PostMapping("/api/v1/feedback")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Send feedback",
            description = "A signed-in user's `rating` (1–5), optional `text` (at most 2,000 characters) and the"
                    + " `page` it is about (at most 500). The operator reads it in the console.")
    @RequiresRole(Role.VIEWER)
    FeedbackCreated feedback(Caller caller, @RequestBody FeedbackRequest request) {
        return new FeedbackCreated(
                feedback.submit(request.rating(), request.text(), request.page(), caller.user(), caller.workspace())
                        .id());
    }

    // The path is public, so a Caller parameter would refuse the anonymous; a signed-in caller is still known here.
    private static @Nullable Caller currentCaller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Caller caller
                ? Objects.requireNonNull(caller)
                : null;
    }
}
