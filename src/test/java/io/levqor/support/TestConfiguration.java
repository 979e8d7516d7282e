package io.levqor.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Beans every integration test shares: the movable clock and an HTTP client for the running server. */
@org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
public class TestConfiguration {

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock();
    }

    @Bean
    TestRateLimitTiers testRateLimitTiers() {
        return new TestRateLimitTiers();
    }

    @Bean
    RecordedEvents recordedEvents() {
        return new RecordedEvents();
    }

    @Bean
    TestAccounts testAccounts(HttpApi api) {
        return new TestAccounts(api);
    }

    @Bean
    HttpApi httpApi(org.springframework.core.env.Environment environment) {
        return new HttpApi(() -> "http://localhost:" + environment.getProperty("local.server.port"));
    }
}
