package dev.fusering.boot;

import org.springframework.core.annotation.AliasFor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean that implements {@link dev.fusering.api.Filesystem} as a filesystem to mount while the
 * application runs.
 *
 * <p>Put it on the bean's class (a {@code @Component}, or the class a {@code @Bean} method declares as its
 * return type) or on the {@code @Bean} method itself:
 *
 * <pre>{@code
 * @Bean
 * @FuseFilesystem("memory")
 * MemoryFilesystem memoryFilesystem() {
 *     return new MemoryFilesystem();
 * }
 * }</pre>
 *
 * <p>The mount is configured under {@code fuse.mounts.<name>.*} (at least {@code mount-point}); an
 * application with a single filesystem may use the short form {@code fuse.mount-point}. The name defaults to
 * the bean name. Use lower-case names (letters, digits, '-') so that the same name works in
 * {@code application.yml} and in environment variables ({@code FUSE_MOUNTS_MEMORY_MOUNT_POINT}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FuseFilesystem {

    /**
     * Alias for {@link #name()}.
     *
     * @return the mount name, or empty for the bean name
     */
    @AliasFor("name")
    String value() default "";

    /**
     * The mount name: the key of the mount's properties ({@code fuse.mounts.<name>.*}), of its health
     * contributor, metrics tag and endpoint entry.
     *
     * @return the mount name, or empty for the bean name
     */
    @AliasFor("value")
    String name() default "";
}
