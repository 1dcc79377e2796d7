package dev.fusering.boot;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditions, property binding and validation of {@link FuseAutoConfiguration}, without mounting. */
class FuseAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FuseAutoConfiguration.class))
            .withPropertyValues("fuse.auto-startup=false");

    @Test
    void noFilesystemBeanMountsNothing() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(FuseFilesystemRegistrar.class);
            assertThat(context).hasSingleBean(FuseProperties.class);
            assertThat(context).doesNotHaveBean(FuseMountLifecycle.class);
        });
    }

    @Test
    void oneLifecyclePerAnnotatedBean() {
        runner.withUserConfiguration(TwoFilesystems.class)
                .withPropertyValues("fuse.mounts.memory.mount-point=/mnt/a", "fuse.mounts.other.mount-point=/mnt/b")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Map<String, FuseMountLifecycle> lifecycles = context.getBeansOfType(FuseMountLifecycle.class);
                    assertThat(lifecycles).containsOnlyKeys("fuseMountLifecycle.memory", "fuseMountLifecycle.other");
                    FuseMountLifecycle memory = lifecycles.get("fuseMountLifecycle.memory");
                    assertThat(memory.settings().beanName()).isEqualTo("memoryFilesystem");
                    assertThat(memory.settings().mountPoint()).isEqualTo(Path.of("/mnt/a"));
                    assertThat(memory.filesystem()).isSameAs(context.getBean("memoryFilesystem"));
                    assertThat(memory.getPhase()).isEqualTo(Integer.MAX_VALUE - 4096);
                    assertThat(memory.isAutoStartup()).isFalse();
                    assertThat(memory.isRunning()).isFalse();
                    assertThat(memory.isPauseable()).isFalse();
                    assertThat(lifecycles.get("fuseMountLifecycle.other").settings().beanName()).isEqualTo("other");
                });
    }

    @Test
    void annotatedComponentClassIsFound() {
        runner.withBean("myFs", AnnotatedFilesystem.class)
                .withPropertyValues("fuse.mounts.annotated.mount-point=/mnt/x")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FuseMountLifecycle.class).settings().name()).isEqualTo("annotated");
                });
    }

    @Test
    void defaultsOfEveryMountSetting() {
        runner.withUserConfiguration(OneFilesystem.class)
                .withPropertyValues("fuse.mount-point=/mnt/mem")
                .run(context -> {
                    FuseMountSettings s = context.getBean(FuseMountLifecycle.class).settings();
                    assertThat(s.name()).isEqualTo("memory");
                    assertThat(s.propertyPrefix()).isEqualTo("fuse");
                    assertThat(s.mountPoint()).isEqualTo(Path.of("/mnt/mem"));
                    assertThat(s.createMountPoint()).isFalse();
                    assertThat(s.transport()).isEqualTo(Transport.AUTO);
                    assertThat(s.queueDepth()).isEqualTo(Session.DEFAULT_QUEUE_DEPTH);
                    assertThat(s.workers()).isZero();
                    assertThat(s.dispatch()).isEqualTo(DispatchMode.AUTO);
                    assertThat(s.idleRingOwners()).isTrue();
                    assertThat(s.options().fsName()).isEqualTo("memory");
                    assertThat(s.options().subtype()).isNull();
                    assertThat(s.options().allowOther()).isFalse();
                    assertThat(s.options().defaultPermissions()).isFalse();
                    assertThat(s.options().readOnly()).isFalse();
                    assertThat(s.options().writebackCache()).isFalse();
                    assertThat(s.options().maxWrite()).isEqualTo(128 * 1024);
                    assertThat(s.options().entryTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(s.options().attrTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(s.options().custom()).isEmpty();
                    FuseMountLifecycle lifecycle = context.getBean(FuseMountLifecycle.class);
                    assertThat(lifecycle.shutdownTimeout()).isEqualTo(Duration.ofSeconds(27));
                    assertThat(lifecycle.isAutoStartup()).isFalse();
                    assertThat(s.newSession(Duration.ofSeconds(1)).idleRingOwners()).isTrue();
                });
    }

    @Test
    void everyPerMountPropertyBinds() {
        runner.withUserConfiguration(OneFilesystem.class)
                .withPropertyValues(
                        "fuse.mounts.memory.mount-point=/mnt/m",
                        "fuse.mounts.memory.create-mount-point=true",
                        "fuse.mounts.memory.transport=io-uring",
                        "fuse.mounts.memory.queue-depth=64",
                        "fuse.mounts.memory.workers=3",
                        "fuse.mounts.memory.dispatch=inline",
                        "fuse.mounts.memory.idle-ring-owners=false",
                        "fuse.mounts.memory.allow-other=true",
                        "fuse.mounts.memory.default-permissions=true",
                        "fuse.mounts.memory.read-only=true",
                        "fuse.mounts.memory.writeback-cache=true",
                        "fuse.mounts.memory.max-write=1MB",
                        "fuse.mounts.memory.entry-timeout=250ms",
                        "fuse.mounts.memory.attr-timeout=2s",
                        "fuse.mounts.memory.fs-name=mem",
                        "fuse.mounts.memory.subtype=ring",
                        "fuse.mounts.memory.options=noatime,noexec",
                        "spring.lifecycle.timeout-per-shutdown-phase=10s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FuseMountSettings s = context.getBean(FuseMountLifecycle.class).settings();
                    assertThat(s.propertyPrefix()).isEqualTo("fuse.mounts.memory");
                    assertThat(s.mountPoint()).isEqualTo(Path.of("/mnt/m"));
                    assertThat(s.createMountPoint()).isTrue();
                    assertThat(s.transport()).isEqualTo(Transport.IO_URING);
                    assertThat(s.queueDepth()).isEqualTo(64);
                    assertThat(s.workers()).isEqualTo(3);
                    assertThat(s.dispatch()).isEqualTo(DispatchMode.INLINE);
                    assertThat(s.idleRingOwners()).isFalse();
                    assertThat(s.options().allowOther()).isTrue();
                    assertThat(s.options().defaultPermissions()).isTrue();
                    assertThat(s.options().readOnly()).isTrue();
                    assertThat(s.options().writebackCache()).isTrue();
                    assertThat(s.options().maxWrite()).isEqualTo(1024 * 1024);
                    assertThat(s.options().entryTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(s.options().attrTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(s.options().fsName()).isEqualTo("mem");
                    assertThat(s.options().subtype()).isEqualTo("ring");
                    assertThat(s.options().custom()).containsExactly("noatime", "noexec");
                    assertThat(context.getBean(FuseMountLifecycle.class).shutdownTimeout())
                            .isEqualTo(Duration.ofSeconds(9));
                    Session session = s.newSession(Duration.ofSeconds(1));
                    assertThat(session.queueDepth()).isEqualTo(64);
                    assertThat(session.workerCount()).isEqualTo(3);
                    assertThat(session.transport()).isEqualTo(Transport.IO_URING);
                    assertThat(session.dispatch()).isEqualTo(DispatchMode.INLINE);
                    assertThat(session.idleRingOwners()).isFalse();
                    assertThat(session.shutdownTimeout()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void topLevelKeysAreDefaultsOfEveryMount() {
        runner.withUserConfiguration(TwoFilesystems.class)
                .withPropertyValues(
                        "fuse.transport=classic", "fuse.read-only=true", "fuse.queue-depth=8",
                        "fuse.create-mount-point=true", "fuse.options=noatime", "fuse.idle-ring-owners=false",
                        "fuse.mounts.memory.mount-point=/mnt/a",
                        "fuse.mounts.other.mount-point=/mnt/b",
                        "fuse.mounts.other.read-only=false", "fuse.mounts.other.transport=auto",
                        "fuse.mounts.other.idle-ring-owners=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FuseMountSettings memory = context.getBean("fuseMountLifecycle.memory", FuseMountLifecycle.class)
                            .settings();
                    FuseMountSettings other = context.getBean("fuseMountLifecycle.other", FuseMountLifecycle.class)
                            .settings();
                    assertThat(memory.transport()).isEqualTo(Transport.CLASSIC);
                    assertThat(memory.options().readOnly()).isTrue();
                    assertThat(memory.queueDepth()).isEqualTo(8);
                    assertThat(memory.createMountPoint()).isTrue();
                    assertThat(memory.options().custom()).containsExactly("noatime");
                    assertThat(memory.idleRingOwners()).isFalse();
                    assertThat(memory.newSession(Duration.ofSeconds(1)).idleRingOwners()).isFalse();
                    assertThat(other.transport()).isEqualTo(Transport.AUTO);
                    assertThat(other.options().readOnly()).isFalse();
                    assertThat(other.queueDepth()).isEqualTo(8);
                    assertThat(other.idleRingOwners()).isTrue();
                    assertThat(other.newSession(Duration.ofSeconds(1)).idleRingOwners()).isTrue();
                });
    }

    @Test
    void environmentVariableStyleKeysMatchTheMountName() {
        runner.withUserConfiguration(CamelCaseFilesystem.class)
                .withPropertyValues("fuse.mounts.myfs.mount-point=/mnt/my")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FuseMountSettings s = context.getBean(FuseMountLifecycle.class).settings();
                    assertThat(s.name()).isEqualTo("myFs");
                    assertThat(s.mountPoint()).isEqualTo(Path.of("/mnt/my"));
                });
    }

    @Test
    void disabledMeansNothing() {
        runner.withUserConfiguration(OneFilesystem.class)
                .withPropertyValues("fuse.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(FuseFilesystemRegistrar.class);
                    assertThat(context).doesNotHaveBean(FuseProperties.class);
                    assertThat(context).doesNotHaveBean(FuseMountLifecycle.class);
                });
    }

    @Test
    void withoutTheEngineNothingIsConfigured() {
        runner.withClassLoader(new FilteredClassLoader(Session.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(FuseFilesystemRegistrar.class);
                    assertThat(context).doesNotHaveBean(FuseProperties.class);
                });
    }

    @Test
    void userRegistrarReplacesTheAutoConfiguredOne() {
        runner.withUserConfiguration(OneFilesystem.class, CustomRegistrar.class)
                .withPropertyValues("fuse.mount-point=/mnt/mem")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(FuseFilesystemRegistrar.class);
                    assertThat(context).hasBean("customRegistrar");
                });
    }

    @Test
    void userLifecycleReplacesTheGeneratedOne() {
        runner.withUserConfiguration(OneFilesystem.class)
                .withBean("fuseMountLifecycle.memory", String.class, () -> "mine")
                .withPropertyValues("fuse.mount-point=/mnt/mem")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(FuseMountLifecycle.class);
                    assertThat(context.getBean("fuseMountLifecycle.memory")).isEqualTo("mine");
                });
    }

    @Test
    void beanWithoutMountPointFailsNamingTheBeanAndTheProperty() {
        runner.withUserConfiguration(OneFilesystem.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(FuseConfigurationException.class)
                    .hasMessageContaining("'memoryFilesystem'")
                    .hasMessageContaining("mount 'memory'")
                    .hasMessageContaining("has no mount point");
            FuseConfigurationException e = (FuseConfigurationException) rootCause(context.getStartupFailure());
            assertThat(e.action()).contains("fuse.mounts.memory.mount-point").contains("fuse.mount-point");
        });
    }

    @Test
    void configuredMountWithoutBeanFails() {
        runner.withUserConfiguration(OneFilesystem.class)
                .withPropertyValues("fuse.mounts.memory.mount-point=/mnt/a", "fuse.mounts.ghost.mount-point=/mnt/g")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure())).isInstanceOf(FuseConfigurationException.class)
                            .hasMessageContaining("fuse.mounts.ghost is configured")
                            .hasMessageContaining("'ghost'")
                            .hasMessageContaining("memory");
                });
    }

    @Test
    void configuredMountWithoutAnyBeanFails() {
        runner.withPropertyValues("fuse.mounts.ghost.mount-point=/mnt/g").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(FuseConfigurationException.class)
                    .hasMessageContaining("no @FuseFilesystem bean was found");
        });
    }

    @Test
    void shortFormWithTwoBeansFails() {
        runner.withUserConfiguration(TwoFilesystems.class)
                .withPropertyValues("fuse.mount-point=/mnt/a")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FuseConfigurationException e = (FuseConfigurationException) rootCause(context.getStartupFailure());
                    assertThat(e.getMessage()).contains("fuse.mount-point").contains("memory").contains("other");
                    assertThat(e.action()).contains("fuse.mounts.<name>.mount-point");
                });
    }

    @Test
    void shortFormWithoutBeanFails() {
        runner.withPropertyValues("fuse.mount-point=/mnt/a").run(context -> {
            assertThat(context).hasFailed();
            FuseConfigurationException e = (FuseConfigurationException) rootCause(context.getStartupFailure());
            assertThat(e.action()).contains("@FuseFilesystem");
        });
    }

    @Test
    void twoMountsOnOneDirectoryFail() {
        runner.withUserConfiguration(TwoFilesystems.class)
                .withPropertyValues("fuse.mounts.memory.mount-point=/mnt/a", "fuse.mounts.other.mount-point=/mnt/a/")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure())).isInstanceOf(FuseConfigurationException.class)
                            .hasMessageContaining("both use the mount point /mnt/a");
                });
    }

    @Test
    void duplicateMountNamesFail() {
        runner.withUserConfiguration(DuplicateNames.class)
                .withPropertyValues("fuse.mounts.same.mount-point=/mnt/a")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure())).isInstanceOf(FuseConfigurationException.class)
                            .hasMessageContaining("both use the @FuseFilesystem mount name 'same'");
                });
    }

    @Test
    void annotatedBeanThatIsNotAFilesystemFails() {
        runner.withUserConfiguration(NotAFilesystem.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure())).isInstanceOf(FuseConfigurationException.class)
                            .hasMessageContaining("'notAFilesystem'")
                            .hasMessageContaining("does not implement dev.fusering.api.Filesystem");
                });
    }

    @Test
    void outOfRangeValuesFailNamingTheProperty() {
        assertInvalid("fuse.mounts.memory.queue-depth=0", "fuse.mounts.memory.queue-depth");
        assertInvalid("fuse.mounts.memory.queue-depth=5000", "fuse.mounts.memory.queue-depth");
        assertInvalid("fuse.queue-depth=0", "fuse.queue-depth");
        assertInvalid("fuse.mounts.memory.workers=0", "fuse.mounts.memory.workers");
        assertInvalid("fuse.mounts.memory.max-write=1KB", "fuse.mounts.memory.max-write");
        assertInvalid("fuse.mounts.memory.max-write=32MB", "fuse.mounts.memory.max-write");
        assertInvalid("fuse.mounts.memory.entry-timeout=-1s", "fuse.mounts.memory.entry-timeout");
        assertInvalid("fuse.attr-timeout=-1s", "fuse.attr-timeout");
    }

    private void assertInvalid(String property, String name) {
        runner.withUserConfiguration(OneFilesystem.class)
                .withPropertyValues("fuse.mounts.memory.mount-point=/mnt/a", property)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure()))
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .extracting(e -> ((InvalidConfigurationPropertyValueException) e).getName())
                            .isEqualTo(name);
                });
    }

    @Test
    void invalidMountOptionsFail() {
        runner.withUserConfiguration(OneFilesystem.class)
                .withPropertyValues("fuse.mounts.memory.mount-point=/mnt/a", "fuse.mounts.memory.subtype=a.b")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FuseConfigurationException e = (FuseConfigurationException) rootCause(context.getStartupFailure());
                    assertThat(e.getMessage()).contains("mount 'memory'").contains("subtype");
                    assertThat(e.action()).contains("fuse.mounts.memory.subtype");
                });
    }

    @Test
    void twoSpellingsOfOneMountFail() {
        runner.withUserConfiguration(CamelCaseFilesystem.class)
                .withPropertyValues("fuse.mounts.myfs.mount-point=/mnt/a", "fuse.mounts.my-fs.read-only=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure())).isInstanceOf(FuseConfigurationException.class)
                            .hasMessageContaining("both configure the mount 'myFs'");
                });
    }

    @Test
    void drainTimeoutIsNinetyPercentOfThePhase() {
        assertThat(FuseFilesystemRegistrar.drainTimeout(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(27));
        assertThat(FuseFilesystemRegistrar.drainTimeout(Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(FuseFilesystemRegistrar.drainTimeout(Duration.ofSeconds(-1))).isEqualTo(Duration.ZERO);
    }

    @Test
    void canonicalNamesIgnoreCaseAndPunctuation() {
        assertThat(FuseMountResolver.canonical("My-Fs_1")).isEqualTo("myfs1");
        assertThat(List.of("memory", "MEMORY", "me-mo-ry").stream().map(FuseMountResolver::canonical).distinct())
                .containsExactly("memory");
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
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
    static class TwoFilesystems {
        @Bean
        @FuseFilesystem("memory")
        MemoryFilesystem memoryFilesystem() {
            return new MemoryFilesystem();
        }

        @Bean
        @FuseFilesystem
        Filesystem other() {
            return new MemoryFilesystem();
        }

        @Bean
        MemoryFilesystem notAnnotated() {
            return new MemoryFilesystem();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CamelCaseFilesystem {
        @Bean
        @FuseFilesystem
        MemoryFilesystem myFs() {
            return new MemoryFilesystem();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DuplicateNames {
        @Bean
        @FuseFilesystem("same")
        MemoryFilesystem first() {
            return new MemoryFilesystem();
        }

        @Bean
        @FuseFilesystem(name = "same")
        MemoryFilesystem second() {
            return new MemoryFilesystem();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NotAFilesystem {
        @Bean
        @FuseFilesystem
        String notAFilesystem() {
            return "x";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomRegistrar {
        @Bean
        static FuseFilesystemRegistrar customRegistrar() {
            return new FuseFilesystemRegistrar();
        }
    }

    /** A filesystem annotated on its class. */
    @FuseFilesystem("annotated")
    static class AnnotatedFilesystem extends MemoryFilesystem {
    }
}
