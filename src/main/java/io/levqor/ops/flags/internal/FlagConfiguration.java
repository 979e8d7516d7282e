package io.levqor.ops.flags.internal;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.levqor.ops.flags.jdbc.FlagRepository;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the flag cache, Levqor's OpenFeature provider and client, and the {@code shared.FeatureFlags} port. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FlagSettings.class)
class FlagConfiguration {

    @Bean
    FlagCache flagCache(
            DataSource dataSource,
            FlagRepository repository,
            PlatformTransactionManager transactions,
            FlagSettings settings) {
        return new FlagCache(dataSource, repository, transactions, settings);
    }

    @Bean(destroyMethod = "shutdown")
    OpenFeatureAPI openFeature(FlagCache cache) {
        OpenFeatureAPI api = new LevqorOpenFeature();
        api.setProviderAndWait(new LevqorFlagProvider(cache::snapshot));
        return api;
    }

    @Bean
    OpenFeatureFlags featureFlags(OpenFeatureAPI openFeature, FlagCache cache, WorkspacePlans plans) {
        Client client = openFeature.getClient("levqor");
        return new OpenFeatureFlags(client, cache, plans);
    }
}
