package io.levqor.ops.alerts.web;

import io.levqor.ops.alerts.AlertSubscriptions;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A workspace's own channel for failures of its workflows (one per workspace, taken from the credential's
 * workspace). Admins set it: it sends the workspace's data to an outside service.
 */
@RestController
@RequiresRole(Role.ADMIN)
class AlertSubscriptionController {

    private final AlertSubscriptions subscriptions;

    AlertSubscriptionController(AlertSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** The subscription without its secrets (404 while there is none). */
    @GetMapping("/api/v1/alert-subscription")
    AlertSubscriptions.Subscription get(Caller caller) {
        return subscriptions.get(caller.workspace());
    }

    /** Creates or replaces it: {@code type} and what the type needs ({@code webhookUrl}, {@code botToken} and
     * {@code chatId}, or {@code to}). */
    @PutMapping("/api/v1/alert-subscription")
    AlertSubscriptions.Subscription put(Caller caller, @RequestBody AlertSubscriptions.Input input) {
        return subscriptions.save(caller, input);
    }

    @DeleteMapping("/api/v1/alert-subscription")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller) {
        subscriptions.delete(caller.workspace());
    }
}
