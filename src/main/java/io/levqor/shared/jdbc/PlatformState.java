package io.levqor.shared.jdbc;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Platform-wide facts that belong to no tenant. */
@Repository
public class PlatformState {

    // Only the node whose insert wins sees true, however many start together on a new database.
    private static final String CLAIM_FIRST_START = """
            INSERT INTO platform_state (key, value) VALUES ('first_started_at', now()::text)
            ON CONFLICT (key) DO NOTHING
            """;

    private final JdbcClient jdbc;

    PlatformState(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True exactly once in a database's life: for the first start that asks. */
    public boolean claimFirstStart() {
        return jdbc.sql(CLAIM_FIRST_START).update() == 1;
    }
}
