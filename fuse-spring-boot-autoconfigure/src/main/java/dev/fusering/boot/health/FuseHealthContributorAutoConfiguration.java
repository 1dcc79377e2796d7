package dev.fusering.boot.health;

import dev.fusering.api.Session;
import dev.fusering.boot.FuseAutoConfiguration;
import dev.fusering.boot.FuseMountLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds the {@code fuse} health contributor: a composite with one {@link FuseMountHealthIndicator} per mount
 * ({@code /actuator/health/fuse/<mount name>}).
 *
 * <p>Active with {@code spring-boot-health} on the class path (it comes with
 * {@code spring-boot-starter-actuator}), unless {@code management.health.fuse.enabled=false} or
 * {@code fuse.enabled=false}. A bean named {@code fuseHealthContributor} replaces it.
 */
@AutoConfiguration(after = FuseAutoConfiguration.class)
@ConditionalOnClass({Session.class, HealthContributor.class})
@ConditionalOnBooleanProperty(name = "fuse.enabled", matchIfMissing = true)
@ConditionalOnEnabledHealthIndicator("fuse")
public final class FuseHealthContributorAutoConfiguration {

    /** Created by Spring. */
    FuseHealthContributorAutoConfiguration() {
    }

    /**
     * Creates the {@code fuse} health contributor.
     *
     * @param mounts the mount lifecycles
     * @return a composite of one indicator per mount
     */
    @Bean
    @ConditionalOnMissingBean(name = {"fuseHealthIndicator", "fuseHealthContributor"})
    HealthContributor fuseHealthContributor(ObjectProvider<FuseMountLifecycle> mounts) {
        Map<String, HealthContributor> indicators = new LinkedHashMap<>();
        mounts.orderedStream().forEach(m -> indicators.put(m.settings().name(), new FuseMountHealthIndicator(m)));
        return CompositeHealthContributor.fromMap(indicators);
    }
}
