package dev.fusering.boot;

import dev.fusering.api.Filesystem;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the {@link FuseFilesystem @FuseFilesystem} beans and registers one {@link FuseMountLifecycle} bean per
 * mount, named {@value #LIFECYCLE_BEAN_PREFIX}{@code <mount name>}; a bean of that name defined by the
 * application replaces the generated one.
 *
 * <p>It runs before any bean is created, so that a configuration error (a filesystem bean without a mount
 * point, a configured mount without a bean, an out-of-range value) stops the application before anything is
 * mounted. The filesystem beans are found from their definitions: put {@code @FuseFilesystem} on the bean's
 * class or on its {@code @Bean} method.
 *
 * <p>The drain timeout of every mount is 90% of {@code spring.lifecycle.timeout-per-shutdown-phase}
 * (default 30 s), leaving the rest of the phase for the unmount itself.
 */
public class FuseFilesystemRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, Ordered {

    /** Prefix of the names of the registered {@link FuseMountLifecycle} beans. */
    public static final String LIFECYCLE_BEAN_PREFIX = "fuseMountLifecycle.";

    /** Spring Boot's default of {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    private Environment environment;

    /** Creates the registrar; the environment is set by the container. */
    public FuseFilesystemRegistrar() {
    }

    /**
     * Sets the environment the properties are read from.
     *
     * @param environment the application's environment
     */
    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /**
     * Runs after the other registry post-processors, so that their bean definitions are seen.
     *
     * @return {@link Ordered#LOWEST_PRECEDENCE}
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * Registers one {@link FuseMountLifecycle} per {@code @FuseFilesystem} bean.
     *
     * @param registry the bean definition registry, a {@link ConfigurableListableBeanFactory}
     * @throws FuseConfigurationException when the configuration is inconsistent
     */
    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
            throw new IllegalStateException("FuseFilesystemRegistrar needs a ConfigurableListableBeanFactory, got "
                    + registry.getClass().getName());
        }
        Objects.requireNonNull(environment, "environment");
        Map<String, String> beans = findFilesystemBeans(beanFactory);
        Binder binder = Binder.get(environment);
        FuseProperties properties = binder.bindOrCreate(FuseProperties.PREFIX, FuseProperties.class);
        Duration phaseTimeout = binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(DEFAULT_PHASE_TIMEOUT);
        Duration drainTimeout = drainTimeout(phaseTimeout);
        List<FuseMountSettings> mounts = FuseMountResolver.resolve(properties, beans);
        for (FuseMountSettings mount : mounts) {
            String lifecycleName = LIFECYCLE_BEAN_PREFIX + mount.name();
            if (registry.containsBeanDefinition(lifecycleName)) {
                continue;
            }
            RootBeanDefinition definition = new RootBeanDefinition(FuseMountLifecycle.class,
                    () -> new FuseMountLifecycle(mount, beanFactory.getBean(mount.beanName(), Filesystem.class),
                            beanFactory.getBeanProvider(FuseMountListener.class), drainTimeout,
                            properties.isAutoStartup()));
            definition.setDependsOn(mount.beanName());
            registry.registerBeanDefinition(lifecycleName, definition);
        }
    }

    /**
     * Does nothing: the work is done in {@link #postProcessBeanDefinitionRegistry}.
     *
     * @param beanFactory the bean factory
     */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }

    /**
     * Returns the part of the shutdown phase given to draining in-flight requests: 90%.
     *
     * @param phaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}
     * @return the drain timeout
     */
    static Duration drainTimeout(Duration phaseTimeout) {
        if (phaseTimeout.isNegative()) {
            return Duration.ZERO;
        }
        return phaseTimeout.multipliedBy(9).dividedBy(10);
    }

    private static Map<String, String> findFilesystemBeans(ConfigurableListableBeanFactory beanFactory) {
        Map<String, String> beanByMount = new LinkedHashMap<>();
        for (String beanName : beanFactory.getBeanDefinitionNames()) {
            FuseFilesystem annotation = beanFactory.findAnnotationOnBean(beanName, FuseFilesystem.class, false);
            if (annotation == null) {
                continue;
            }
            Class<?> type = beanFactory.getType(beanName, false);
            if (type != null && !Filesystem.class.isAssignableFrom(type)) {
                throw new FuseConfigurationException("The bean '" + beanName + "' is annotated with @FuseFilesystem "
                        + "but its type " + type.getName() + " does not implement " + Filesystem.class.getName() + ".",
                        "Implement dev.fusering.api.Filesystem (or extend a ready one such as "
                                + "dev.fusering.fs.MemoryFilesystem), or remove @FuseFilesystem.");
            }
            String mount = annotation.name().isEmpty() ? beanName : annotation.name();
            String other = beanByMount.putIfAbsent(mount, beanName);
            if (other != null) {
                throw new FuseConfigurationException("The beans '" + other + "' and '" + beanName
                        + "' both use the @FuseFilesystem mount name '" + mount + "'.",
                        "Give each filesystem bean its own name: @FuseFilesystem(\"...\").");
            }
        }
        return beanByMount;
    }
}
