package io.levqor.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A test-only endpoint with the usual shapes of input, to probe how bad input is answered. */
@RestController
class ProbeController {

    record ProbeRequest(
            @NotBlank String name,
            @Email String email,
            @Min(1) int count) {}

    @PostMapping(path = "/api/v1/test/probe", consumes = "application/json")
    Map<String, Object> probe(@Valid @RequestBody ProbeRequest request) {
        return Map.of("name", request.name(), "count", request.count());
    }

    @GetMapping("/api/v1/test/probe/{number}")
    Map<String, Object> number(@PathVariable int number) {
        return Map.of("number", number);
    }

    /** What a repository throws when the pool times out waiting for a connection to a dead database. */
    @GetMapping("/api/v1/test/database-gone")
    Map<String, Object> databaseGone() {
        throw new org.springframework.jdbc.CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new java.sql.SQLTransientConnectionException("levqor - Connection is not available"));
    }

    @GetMapping("/api/v1/test/boom")
    Map<String, Object> boom() {
        throw new IllegalStateException("secret internals");
    }

    /** An unexpected failure whose message quotes secrets, as a careless library's might. */
    @GetMapping("/api/v1/test/boom-secret")
    Map<String, Object> boomSecret() {
        throw new IllegalArgumentException("call failed: Authorization: Bearer lvq_live_9f8e7d6c5b4a39281706 for"
                + " https://peer.test/callback?code=query-secret-123 with password=hunter2hunter2 and"
                + " eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl from ada@example.com");
    }
}
