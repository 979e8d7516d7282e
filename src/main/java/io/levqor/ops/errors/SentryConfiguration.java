package io.levqor.ops.errors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Sentry forwarder, started when {@code levqor.ops.errors.sentry-dsn} is set and closed with the application. */
@Configuration(proxyBeanMethods = false)
class SentryConfiguration {

    @Bean(destroyMethod = "close")
    SentryForwarder sentryForwarder(ErrorTrackingSettings settings, ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        return new SentryForwarder(
                settings.sentryDsn(), properties == null ? null : "levqor@" + properties.getVersion());
    }
}
