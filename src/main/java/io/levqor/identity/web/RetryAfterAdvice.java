package io.levqor.identity.web;

import io.levqor.identity.internal.IdentityProblem;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Identity's problems as problem+json, with {@code Retry-After} (lock-outs) and {@code WWW-Authenticate} (401). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RetryAfterAdvice {

    @ExceptionHandler(IdentityProblem.class)
    ResponseEntity<ProblemDetail> problem(IdentityProblem e) {
        ProblemDetail problem = ProblemDetail.forStatus(e.status());
        problem.setType(URI.create(e.type().toString()));
        problem.setTitle(e.title());
        problem.setDetail(e.detail());
        e.properties().forEach(problem::setProperty);
        HttpHeaders headers = new HttpHeaders();
        if (e.retryAfter() != null) {
            headers.set(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        if (e.status().value() == 401) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return ResponseEntity.status(e.status())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
