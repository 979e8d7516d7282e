package io.levqor.ops.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/** Exports {@code levqor_build_info{version,java}} = 1, so dashboards can tell which build served a figure. */
@Component
class BuildInfoMetrics implements MeterBinder {

    private final String version;

    BuildInfoMetrics(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        this.version = properties == null || properties.getVersion() == null ? "dev" : properties.getVersion();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("levqor.build.info", () -> 1)
                .description("Build of the running Levqor")
                .tag("version", version)
                .tag("java", Runtime.version().toString())
                .strongReference(true)
                .register(registry);
    }
}
