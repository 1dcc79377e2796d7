package dev.fusering.boot.actuate;

import dev.fusering.api.Session;
import dev.fusering.boot.FuseAutoConfiguration;
import dev.fusering.boot.FuseMountLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@code fuse} actuator endpoint ({@link FuseEndpoint}) when Spring Boot Actuator is on the class
 * path and the endpoint is available (exposed with {@code management.endpoints.web.exposure.include=fuse}).
 */
@AutoConfiguration(after = FuseAutoConfiguration.class)
@ConditionalOnClass({Session.class, Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBooleanProperty(name = "fuse.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(FuseEndpoint.class)
public final class FuseEndpointAutoConfiguration {

    /** Created by Spring. */
    FuseEndpointAutoConfiguration() {
    }

    /**
     * Creates the endpoint.
     *
     * @param mounts the mount lifecycles
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    FuseEndpoint fuseEndpoint(ObjectProvider<FuseMountLifecycle> mounts) {
        return new FuseEndpoint(mounts.orderedStream().toList());
    }
}
