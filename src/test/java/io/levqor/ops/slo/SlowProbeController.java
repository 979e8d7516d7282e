package io.levqor.ops.slo;

import io.levqor.support.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A test-only endpoint that answers "slowly": it moves the clock past the latency threshold while it works. */
@RestController
class SlowProbeController {

    private final MutableClock clock;

    SlowProbeController(MutableClock clock) {
        this.clock = clock;
    }

    @GetMapping("/api/v1/test/slow")
    Map<String, Object> slow() {
        clock.advance(Duration.ofMillis(250));
        return Map.of("slow", true);
    }
}
