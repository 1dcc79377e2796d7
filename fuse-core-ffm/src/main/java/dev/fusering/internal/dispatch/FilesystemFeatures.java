package dev.fusering.internal.dispatch;

import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Which optional {@link Filesystem} methods an implementation overrides, found once at start-up by
 * reflection (never per request). The session uses it to choose INIT flags, for example
 * FUSE_DO_READDIRPLUS only when {@link #readdirplus()} is true. A method counts as overridden when its
 * implementation is declared anywhere but in {@link Filesystem} itself (a decorator that forwards every
 * method therefore reports everything).
 *
 * @param readdirplus   {@link Filesystem#readdirplus} is implemented
 * @param create        {@link Filesystem#create} is implemented
 * @param tmpfile       {@link Filesystem#tmpfile} is implemented
 * @param write         {@link Filesystem#write} is implemented (else the filesystem is read-only in effect)
 * @param xattr         at least one of {@link Filesystem#getxattr}, {@link Filesystem#listxattr},
 *                      {@link Filesystem#setxattr} and {@link Filesystem#removexattr} is implemented
 * @param access        {@link Filesystem#access} is implemented
 * @param open          {@link Filesystem#open} is overridden (its default succeeds with handle 0)
 * @param opendir       {@link Filesystem#opendir} is overridden (its default succeeds with handle 0)
 * @param flush         {@link Filesystem#flush} is overridden (its default does nothing)
 * @param copyFileRange {@link Filesystem#copyFileRange} is implemented
 * @param lseek         {@link Filesystem#lseek} is implemented
 */
public record FilesystemFeatures(boolean readdirplus, boolean create, boolean tmpfile, boolean write, boolean xattr,
                                 boolean access, boolean open, boolean opendir, boolean flush,
                                 boolean copyFileRange, boolean lseek) {

    /**
     * Inspects a filesystem's class.
     *
     * @param fs the filesystem, not null
     * @return what it implements
     */
    public static FilesystemFeatures of(Filesystem fs) {
        Class<?> type = Objects.requireNonNull(fs, "fs").getClass();
        return new FilesystemFeatures(
                overrides(type, "readdirplus", Request.class, long.class, long.class, long.class,
                        DirectoryPlusFiller.class),
                overrides(type, "create", Request.class, long.class, FileName.class, int.class, int.class, int.class,
                        EntryReply.class, OpenReply.class),
                overrides(type, "tmpfile", Request.class, long.class, int.class, int.class, int.class,
                        EntryReply.class, OpenReply.class),
                overrides(type, "write", Request.class, long.class, long.class, long.class, MemorySegment.class,
                        int.class),
                overrides(type, "getxattr", Request.class, long.class, String.class, MemorySegment.class)
                        || overrides(type, "listxattr", Request.class, long.class, MemorySegment.class)
                        || overrides(type, "setxattr", Request.class, long.class, String.class, MemorySegment.class,
                                int.class)
                        || overrides(type, "removexattr", Request.class, long.class, String.class),
                overrides(type, "access", Request.class, long.class, int.class),
                overrides(type, "open", Request.class, long.class, int.class, OpenReply.class),
                overrides(type, "opendir", Request.class, long.class, int.class, OpenReply.class),
                overrides(type, "flush", Request.class, long.class, long.class, long.class),
                overrides(type, "copyFileRange", Request.class, long.class, long.class, long.class, long.class,
                        long.class, long.class, long.class, int.class),
                overrides(type, "lseek", Request.class, long.class, long.class, long.class, int.class));
    }

    private static boolean overrides(Class<?> type, String name, Class<?>... parameterTypes) {
        try {
            return type.getMethod(name, parameterTypes).getDeclaringClass() != Filesystem.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Filesystem has no method " + name + "; FilesystemFeatures is out of date",
                    e);
        }
    }
}
