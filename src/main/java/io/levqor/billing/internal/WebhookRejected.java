package io.levqor.billing.internal;

import io.levqor.shared.ProblemException;
import org.springframework.http.HttpStatus;

/** A webhook delivery that is not provably from the provider, or not readable: {@code 400}, nothing stored. */
public class WebhookRejected extends ProblemException {

    public WebhookRejected(String detail) {
        super(HttpStatus.BAD_REQUEST, "webhook-rejected", "Webhook rejected", detail);
    }
}
