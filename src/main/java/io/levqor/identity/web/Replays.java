package io.levqor.identity.web;

import io.levqor.identity.internal.IdempotentRequests.Outcome;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** 201 with the fresh result, or the first request's answer again, marked {@code Idempotent-Replayed: true}. */
final class Replays {

    private Replays() {}

    static <T> ResponseEntity<T> created(Outcome<T, T> outcome) {
        if (outcome.replayed() != null) {
            return ResponseEntity.status(HttpStatus.CREATED)
                    .header("Idempotent-Replayed", "true")
                    .body(outcome.replayed());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Objects.requireNonNull(outcome.fresh()));
    }
}
