package dev.fusering.boot.metrics;

import dev.fusering.api.Session;
import dev.fusering.boot.FuseAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Records Micrometer metrics of the mounts ({@link FuseMetrics}) when a {@link MeterRegistry} bean exists,
 * unless {@code fuse.metrics.enabled=false} (then no request observer is installed at all).
 */
@AutoConfiguration(after = FuseAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({Session.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "fuse.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "fuse.metrics.enabled", matchIfMissing = true)
public final class FuseMetricsAutoConfiguration {

    /** Created by Spring. */
    FuseMetricsAutoConfiguration() {
    }

    /**
     * Creates the metrics support.
     *
     * @param registry the meter registry
     * @return the metrics mount listener
     */
    @Bean
    @ConditionalOnMissingBean
    FuseMetrics fuseMetrics(MeterRegistry registry) {
        return new FuseMetrics(registry);
    }
}
