package io.levqor.console.web;

import io.levqor.shared.ProblemException;
import org.springframework.http.HttpStatus;

/** A console action above the member's role: shown as a 403 page. */
final class ConsoleForbidden extends ProblemException {

    ConsoleForbidden(String detail) {
        super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }
}
