package io.levqor.support;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/** Before each test: an empty database (and no per-minute counts waiting for it) and a clock back at real time. */
public class CleanState implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        SpringExtension.getApplicationContext(context)
                .getBean(io.levqor.ops.series.MinuteCounters.class)
                .discard();
        TestDatabase.clean();
        SpringExtension.getApplicationContext(context)
                .getBean(MutableClock.class)
                .reset();
    }
}
