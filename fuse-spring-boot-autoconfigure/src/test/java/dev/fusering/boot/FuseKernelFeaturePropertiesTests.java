package dev.fusering.boot;

import dev.fusering.api.MountOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel feature properties ({@code passthrough}, {@code posix-locks}, {@code flock-locks},
 * {@code request-timeout}, {@code auto-unmount}): defaults, top-level values, per-mount overrides and
 * validation, without mounting.
 */
class FuseKernelFeaturePropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FuseAutoConfiguration.class))
            .withPropertyValues("fuse.auto-startup=false");

    @Test
    void defaultsAreAllOff() {
        runner.withUserConfiguration(FuseAutoConfigurationTests.OneFilesystem.class)
                .withPropertyValues("fuse.mount-point=/mnt/mem")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MountOptions o = context.getBean(FuseMountLifecycle.class).settings().options();
                    assertThat(o.passthrough()).isFalse();
                    assertThat(o.posixLocks()).isFalse();
                    assertThat(o.flockLocks()).isFalse();
                    assertThat(o.requestTimeout()).isEqualTo(Duration.ZERO);
                    assertThat(o.autoUnmount()).isFalse();
                    FuseProperties p = context.getBean(FuseProperties.class);
                    assertThat(p.isPassthrough()).isFalse();
                    assertThat(p.isPosixLocks()).isFalse();
                    assertThat(p.isFlockLocks()).isFalse();
                    assertThat(p.getRequestTimeout()).isEqualTo(Duration.ZERO);
                    assertThat(p.isAutoUnmount()).isFalse();
                });
    }

    @Test
    void topLevelValuesApplyToEveryMount() {
        runner.withUserConfiguration(FuseAutoConfigurationTests.TwoFilesystems.class)
                .withPropertyValues(
                        "fuse.passthrough=true", "fuse.posix-locks=true", "fuse.flock-locks=true",
                        "fuse.request-timeout=2m", "fuse.auto-unmount=true",
                        "fuse.mounts.memory.mount-point=/mnt/a",
                        "fuse.mounts.other.mount-point=/mnt/b")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    for (String bean : new String[] {"fuseMountLifecycle.memory", "fuseMountLifecycle.other"}) {
                        MountOptions o = context.getBean(bean, FuseMountLifecycle.class).settings().options();
                        assertThat(o.passthrough()).as(bean).isTrue();
                        assertThat(o.posixLocks()).as(bean).isTrue();
                        assertThat(o.flockLocks()).as(bean).isTrue();
                        assertThat(o.requestTimeout()).as(bean).isEqualTo(Duration.ofMinutes(2));
                        assertThat(o.autoUnmount()).as(bean).isTrue();
                    }
                });
    }

    @Test
    void perMountValuesOverrideTheTopLevelOnes() {
        runner.withUserConfiguration(FuseAutoConfigurationTests.TwoFilesystems.class)
                .withPropertyValues(
                        "fuse.passthrough=true", "fuse.posix-locks=true", "fuse.request-timeout=30s",
                        "fuse.mounts.memory.mount-point=/mnt/a",
                        "fuse.mounts.memory.passthrough=false",
                        "fuse.mounts.memory.writeback-cache=true",
                        "fuse.mounts.memory.posix-locks=false",
                        "fuse.mounts.memory.flock-locks=true",
                        "fuse.mounts.memory.request-timeout=0",
                        "fuse.mounts.memory.auto-unmount=true",
                        "fuse.mounts.other.mount-point=/mnt/b")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MountOptions memory = context.getBean("fuseMountLifecycle.memory", FuseMountLifecycle.class)
                            .settings().options();
                    MountOptions other = context.getBean("fuseMountLifecycle.other", FuseMountLifecycle.class)
                            .settings().options();
                    assertThat(memory.passthrough()).isFalse();
                    assertThat(memory.writebackCache()).isTrue();
                    assertThat(memory.posixLocks()).isFalse();
                    assertThat(memory.flockLocks()).isTrue();
                    assertThat(memory.requestTimeout()).isEqualTo(Duration.ZERO);
                    assertThat(memory.autoUnmount()).isTrue();
                    assertThat(other.passthrough()).isTrue();
                    assertThat(other.writebackCache()).isFalse();
                    assertThat(other.posixLocks()).isTrue();
                    assertThat(other.flockLocks()).isFalse();
                    assertThat(other.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(other.autoUnmount()).isFalse();
                });
    }

    @Test
    void requestTimeoutWithoutUnitIsSeconds() {
        runner.withUserConfiguration(FuseAutoConfigurationTests.OneFilesystem.class)
                .withPropertyValues("fuse.mount-point=/mnt/mem", "fuse.request-timeout=65535")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FuseMountLifecycle.class).settings().options().requestTimeout())
                            .isEqualTo(Duration.ofSeconds(65535));
                });
    }

    @Test
    void badRequestTimeoutsFailNamingTheProperty() {
        assertInvalidRequestTimeout("fuse.mounts.memory.request-timeout=-1s", "fuse.mounts.memory.request-timeout",
                "must be between 0s (no timeout) and 65535s");
        assertInvalidRequestTimeout("fuse.request-timeout=-5", "fuse.request-timeout",
                "must be between 0s (no timeout) and 65535s");
        assertInvalidRequestTimeout("fuse.mounts.memory.request-timeout=65536s", "fuse.mounts.memory.request-timeout",
                "must be between 0s (no timeout) and 65535s");
        assertInvalidRequestTimeout("fuse.request-timeout=19h", "fuse.request-timeout",
                "must be between 0s (no timeout) and 65535s");
        assertInvalidRequestTimeout("fuse.mounts.memory.request-timeout=1500ms", "fuse.mounts.memory.request-timeout",
                "must be a whole number of seconds (the kernel counts it in seconds), such as 1s");
        assertInvalidRequestTimeout("fuse.request-timeout=250ms", "fuse.request-timeout",
                "must be a whole number of seconds");
    }

    private void assertInvalidRequestTimeout(String property, String name, String reason) {
        runner.withUserConfiguration(FuseAutoConfigurationTests.OneFilesystem.class)
                .withPropertyValues("fuse.mounts.memory.mount-point=/mnt/a", property)
                .run(context -> {
                    assertThat(context).as(property).hasFailed();
                    Throwable root = rootCause(context.getStartupFailure());
                    assertThat(root).as(property).isInstanceOf(InvalidConfigurationPropertyValueException.class);
                    InvalidConfigurationPropertyValueException e = (InvalidConfigurationPropertyValueException) root;
                    assertThat(e.getName()).as(property).isEqualTo(name);
                    assertThat(e.getReason()).as(property).contains(reason);
                });
    }

    @Test
    void passthroughWithWritebackCacheFailsNamingBothPerMountProperties() {
        runner.withUserConfiguration(FuseAutoConfigurationTests.OneFilesystem.class)
                .withPropertyValues("fuse.mounts.memory.mount-point=/mnt/a",
                        "fuse.mounts.memory.passthrough=true", "fuse.mounts.memory.writeback-cache=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable root = rootCause(context.getStartupFailure());
                    assertThat(root).isInstanceOf(FuseConfigurationException.class);
                    FuseConfigurationException e = (FuseConfigurationException) root;
                    assertThat(e.getMessage()).contains("mount 'memory'")
                            .contains("passthrough (fuse.mounts.memory.passthrough)")
                            .contains("writeback cache (fuse.mounts.memory.writeback-cache)")
                            .contains("refuses FUSE_PASSTHROUGH together with the writeback cache");
                    assertThat(e.action()).isEqualTo("Turn one of them off for this mount: set "
                            + "fuse.mounts.memory.writeback-cache=false or fuse.mounts.memory.passthrough=false.");
                });
    }

    @Test
    void passthroughWithWritebackCacheNamesWhereEachValueComesFrom() {
        runner.withUserConfiguration(FuseAutoConfigurationTests.OneFilesystem.class)
                .withPropertyValues("fuse.mounts.memory.mount-point=/mnt/a",
                        "fuse.writeback-cache=true", "fuse.mounts.memory.passthrough=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FuseConfigurationException e = (FuseConfigurationException) rootCause(context.getStartupFailure());
                    assertThat(e.getMessage()).contains("(fuse.mounts.memory.passthrough)")
                            .contains("(fuse.writeback-cache)");
                    assertThat(e.action()).contains("fuse.mounts.memory.writeback-cache=false")
                            .contains("fuse.mounts.memory.passthrough=false");
                });
    }

    @Test
    void passthroughWithWritebackCacheInTheShortFormNamesTopLevelProperties() {
        runner.withUserConfiguration(FuseAutoConfigurationTests.OneFilesystem.class)
                .withPropertyValues("fuse.mount-point=/mnt/a", "fuse.passthrough=true", "fuse.writeback-cache=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FuseConfigurationException e = (FuseConfigurationException) rootCause(context.getStartupFailure());
                    assertThat(e.getMessage()).contains("(fuse.passthrough)").contains("(fuse.writeback-cache)");
                    assertThat(e.action()).contains("fuse.writeback-cache=false").contains("fuse.passthrough=false");
                });
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
