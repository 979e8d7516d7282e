package io.levqor.shared.web;

import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Raised while reading a body that grows past the limit; it surfaces wrapped in the JSON reader's error. */
final class PayloadTooLarge extends IOException {

    PayloadTooLarge(long limit) {
        super("The request body exceeds the limit of " + limit + " bytes");
    }

    static boolean isCauseOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLarge) {
                return true;
            }
        }
        return false;
    }

    static ProblemDetail problem() {
        return Problems.of(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
                "The request body is larger than this server accepts (levqor.max-body-size).");
    }
}
