package dev.fusering.boot;

import dev.fusering.boot.actuate.FuseEndpoint;
import dev.fusering.boot.actuate.FuseEndpointAutoConfiguration;
import dev.fusering.boot.health.FuseHealthContributorAutoConfiguration;
import dev.fusering.boot.metrics.FuseMetrics;
import dev.fusering.boot.metrics.FuseMetricsAutoConfiguration;
import dev.fusering.fs.MemoryFilesystem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditions of the health, endpoint and metrics auto-configurations, without mounting. */
class ActuatorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FuseAutoConfiguration.class,
                    FuseHealthContributorAutoConfiguration.class, FuseEndpointAutoConfiguration.class,
                    FuseMetricsAutoConfiguration.class))
            .withUserConfiguration(OneFilesystem.class, Registry.class)
            .withPropertyValues("fuse.auto-startup=false", "fuse.mount-point=/mnt/unused",
                    "management.endpoints.web.exposure.include=fuse");

    @Test
    void everythingIsConfiguredByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasBean("fuseHealthContributor");
            assertThat(context).hasSingleBean(FuseEndpoint.class);
            assertThat(context).hasSingleBean(FuseMetrics.class);
            HealthContributor contributor = context.getBean("fuseHealthContributor", HealthContributor.class);
            assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
            HealthContributor memory = ((CompositeHealthContributor) contributor).getContributor("memory");
            assertThat(memory).isInstanceOf(HealthIndicator.class);
            Health health = ((HealthIndicator) memory).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("reason", "not mounted")
                    .containsEntry("mountPoint", "/mnt/unused");
            FuseEndpoint.MountsDescriptor mounts = context.getBean(FuseEndpoint.class).mounts();
            assertThat(mounts.mounts()).containsOnlyKeys("memory");
            assertThat(mounts.mounts().get("memory").state()).isEqualTo("not-mounted");
            assertThat(mounts.mounts().get("memory").config().transport()).isEqualTo("auto");
            assertThat(mounts.mounts().get("memory").config().dispatch()).isEqualTo("auto");
            assertThat(mounts.mounts().get("memory").config().idleRingOwners()).isTrue();
            assertThat(context.getBean(FuseEndpoint.class).mount("nope")).isNull();
        });
    }

    @Test
    void endpointShowsTheResolvedEngineSettings() {
        runner.withPropertyValues("fuse.dispatch=inline", "fuse.idle-ring-owners=false").run(context -> {
            assertThat(context).hasNotFailed();
            FuseEndpoint.ConfigDescriptor config = context.getBean(FuseEndpoint.class).mount("memory").config();
            assertThat(config.dispatch()).isEqualTo("inline");
            assertThat(config.idleRingOwners()).isFalse();
        });
    }

    @Test
    void withoutMountsTheHealthEndpointStaysUp() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FuseAutoConfiguration.class,
                        FuseHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
                        EndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    HealthDescriptor health = context.getBean(HealthEndpoint.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void disabledMeansNoActuatorSupportEither() {
        runner.withPropertyValues("fuse.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("fuseHealthContributor");
            assertThat(context).doesNotHaveBean(FuseEndpoint.class);
            assertThat(context).doesNotHaveBean(FuseMetrics.class);
        });
    }

    @Test
    void healthIndicatorCanBeDisabled() {
        runner.withPropertyValues("management.health.fuse.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("fuseHealthContributor");
        });
    }

    @Test
    void userHealthContributorReplacesOurs() {
        runner.withBean("fuseHealthContributor", HealthIndicator.class, () -> () -> Health.up().build())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("fuseHealthContributor"))
                            .isNotInstanceOf(CompositeHealthContributor.class);
                });
    }

    @Test
    void withoutSpringBootHealthThereIsNoHealthContributor() {
        runner.withClassLoader(new FilteredClassLoader(HealthContributor.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("fuseHealthContributor");
            assertThat(context).hasSingleBean(FuseEndpoint.class);
        });
    }

    @Test
    void endpointNeedsExposure() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(FuseEndpoint.class);
        });
    }

    @Test
    void endpointCanBeSwitchedOff() {
        runner.withPropertyValues("management.endpoint.fuse.access=NONE").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(FuseEndpoint.class);
        });
    }

    @Test
    void userEndpointReplacesOurs() {
        FuseEndpoint mine = new FuseEndpoint(java.util.List.of());
        runner.withBean(FuseEndpoint.class, () -> mine).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(FuseEndpoint.class)).isSameAs(mine);
        });
    }

    @Test
    void withoutActuatorThereIsNoEndpoint() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(FuseEndpoint.class);
        });
    }

    @Test
    void metricsCanBeSwitchedOff() {
        runner.withPropertyValues("fuse.metrics.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(FuseMetrics.class);
            assertThat(context).doesNotHaveBean(FuseMountListener.class);
        });
    }

    @Test
    void metricsNeedAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FuseAutoConfiguration.class,
                        FuseMetricsAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(FuseMetrics.class);
                });
    }

    @Test
    void withoutMicrometerThereAreNoMetrics() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(FuseMetrics.class);
        });
    }

    @Test
    void userMetricsReplaceOurs() {
        runner.withBean("myMetrics", FuseMetrics.class, () -> new FuseMetrics(new SimpleMeterRegistry()))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(FuseMetrics.class);
                    assertThat(context).hasBean("myMetrics");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OneFilesystem {
        @Bean
        @FuseFilesystem("memory")
        MemoryFilesystem memoryFilesystem() {
            return new MemoryFilesystem();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
