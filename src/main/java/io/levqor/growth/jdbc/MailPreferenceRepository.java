package io.levqor.growth.jdbc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code growth_mail_preference} table: per normalised address, the categories opted out of. */
@Repository
public class MailPreferenceRepository {

    private final JdbcClient jdbc;

    MailPreferenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean optedOut(String address, String category) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM growth_mail_preference
                                        WHERE address = :address AND category = :category AND NOT subscribed)
                        """)
                .param("address", address)
                .param("category", category)
                .query(Boolean.class)
                .single();
    }

    public Set<String> optedOutCategories(String address) {
        return new TreeSet<>(
                jdbc.sql("SELECT category FROM growth_mail_preference WHERE address = :address AND NOT subscribed")
                        .param("address", address)
                        .query(String.class)
                        .list());
    }

    public void set(String address, String category, boolean subscribed, Instant at) {
        jdbc.sql("""
                        INSERT INTO growth_mail_preference (address, category, subscribed, updated_at)
                        VALUES (:address, :category, :subscribed, :at)
                        ON CONFLICT (address, category) DO UPDATE
                           SET subscribed = EXCLUDED.subscribed, updated_at = EXCLUDED.updated_at
                        """)
                .param("address", address)
                .param("category", category)
                .param("subscribed", subscribed)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }
}
