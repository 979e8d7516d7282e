package io.levqor.billing.jdbc;

import io.levqor.billing.PaymentProvider;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Plan objects created at a provider on first use, so each is created once. */
@Repository
public class ProviderPlanRepository {

    private final JdbcClient jdbc;

    public ProviderPlanRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String FIND = """
            SELECT external_id FROM billing_provider_plan
             WHERE provider = :provider AND plan = :plan AND currency = :currency
            """;

    public Optional<String> find(PaymentProvider provider, String plan, String currency) {
        return jdbc.sql(FIND)
                .param("provider", provider.apiName())
                .param("plan", plan)
                .param("currency", currency)
                .query(String.class)
                .optional();
    }

    private static final String SAVE = """
            INSERT INTO billing_provider_plan (provider, plan, currency, external_id)
            VALUES (:provider, :plan, :currency, :externalId)
            ON CONFLICT (provider, plan, currency) DO NOTHING
            """;

    /** Saves the id; when another node saved one first, that one wins and is returned. */
    public String save(PaymentProvider provider, String plan, String currency, String externalId) {
        jdbc.sql(SAVE)
                .param("provider", provider.apiName())
                .param("plan", plan)
                .param("currency", currency)
                .param("externalId", externalId)
                .update();
        return find(provider, plan, currency).orElse(externalId);
    }
}
