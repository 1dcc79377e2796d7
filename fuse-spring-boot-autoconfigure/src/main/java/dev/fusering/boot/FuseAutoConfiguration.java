package dev.fusering.boot;

import dev.fusering.api.Session;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Mounts the {@link FuseFilesystem @FuseFilesystem} beans while the application runs: one
 * {@link FuseMountLifecycle} per bean, configured by {@link FuseProperties} ({@code fuse.*}).
 *
 * <p>Active when the engine is on the class path and {@code fuse.enabled} is not false.
 */
@AutoConfiguration
@ConditionalOnClass(Session.class)
@ConditionalOnBooleanProperty(name = "fuse.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FuseProperties.class)
public final class FuseAutoConfiguration {

    /** Created by Spring. */
    FuseAutoConfiguration() {
    }

    /**
     * Registers the mount lifecycles. Static, as every bean definition registry post-processor should be.
     *
     * @return the registrar
     */
    @Bean
    @ConditionalOnMissingBean
    static FuseFilesystemRegistrar fuseFilesystemRegistrar() {
        return new FuseFilesystemRegistrar();
    }
}
