package dev.fusering.boot;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Session;
import dev.fusering.api.Transport;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@link FuseProperties} and the found {@link FuseFilesystem @FuseFilesystem} beans into one
 * {@link FuseMountSettings} per bean, and rejects inconsistent configurations with a message that names the
 * bean and the property to set.
 *
 * <p>Mount names are matched to the keys of {@code fuse.mounts} ignoring case and any character that is not
 * a letter or a digit, so {@code my-fs}, {@code myFs} and the environment variable form {@code MYFS} are
 * the same mount.
 */
final class FuseMountResolver {

    private static final int MAX_WORKERS = 1024;

    /** The largest request timeout: the kernel takes it as a 16-bit number of seconds. */
    private static final long MAX_REQUEST_TIMEOUT_SECONDS = 0xFFFF;

    private FuseMountResolver() {
    }

    /**
     * Resolves the settings of every mount.
     *
     * @param properties the bound properties
     * @param beans      bean name by mount name, in registration order
     * @return one settings object per bean, in the same order
     * @throws FuseConfigurationException when a bean has no mount point, a configured mount has no bean, or
     *                                    two mounts share a mount point
     * @throws InvalidConfigurationPropertyValueException when a value is out of range
     */
    static List<FuseMountSettings> resolve(FuseProperties properties, Map<String, String> beans) {
        Map<String, String> mountByCanonicalName = new HashMap<>();
        for (String mount : beans.keySet()) {
            String previous = mountByCanonicalName.put(canonical(mount), mount);
            if (previous != null) {
                throw new FuseConfigurationException("The @FuseFilesystem mount names '" + previous + "' (bean '"
                        + beans.get(previous) + "') and '" + mount + "' (bean '" + beans.get(mount)
                        + "') differ only in case or punctuation, so their properties cannot be told apart.",
                        "Give the beans distinct names with @FuseFilesystem(\"...\").");
            }
        }
        Map<String, String> keyByMount = matchConfiguredKeys(properties, beans, mountByCanonicalName);
        if (properties.getMountPoint() != null && beans.size() != 1) {
            throw new FuseConfigurationException("fuse.mount-point is set, but it is the short form for exactly one "
                    + "@FuseFilesystem bean and " + describeBeans(beans) + ".",
                    beans.isEmpty()
                            ? "Annotate your Filesystem bean with @FuseFilesystem, or remove fuse.mount-point."
                            : "Set fuse.mounts.<name>.mount-point for each filesystem bean instead of fuse.mount-point.");
        }
        List<FuseMountSettings> result = new ArrayList<>();
        Map<Path, String> mountByPath = new HashMap<>();
        for (Map.Entry<String, String> bean : beans.entrySet()) {
            String key = keyByMount.get(bean.getKey());
            FuseProperties.Mount mount = key == null ? new FuseProperties.Mount() : properties.getMounts().get(key);
            FuseMountSettings settings = resolveOne(properties, bean.getKey(), bean.getValue(), key, mount);
            String other = mountByPath.put(settings.mountPoint(), settings.name());
            if (other != null) {
                throw new FuseConfigurationException("The mounts '" + other + "' and '" + settings.name()
                        + "' both use the mount point " + settings.mountPoint() + ".",
                        "Give each mount its own directory (" + settings.property("mount-point") + ").");
            }
            result.add(settings);
        }
        return result;
    }

    private static Map<String, String> matchConfiguredKeys(FuseProperties properties, Map<String, String> beans,
                                                           Map<String, String> mountByCanonicalName) {
        Map<String, String> keyByMount = new HashMap<>();
        for (String key : properties.getMounts().keySet()) {
            String mount = mountByCanonicalName.get(canonical(key));
            if (mount == null) {
                throw new FuseConfigurationException("fuse.mounts." + key + " is configured, but there is no "
                        + "@FuseFilesystem bean with the mount name '" + key + "' (" + describeBeans(beans) + ").",
                        "Annotate the Filesystem bean to mount with @FuseFilesystem(\"" + key + "\"), or remove "
                                + "the fuse.mounts." + key + ".* properties.");
            }
            String previous = keyByMount.put(mount, key);
            if (previous != null) {
                throw new FuseConfigurationException("fuse.mounts." + previous + " and fuse.mounts." + key
                        + " both configure the mount '" + mount + "'.",
                        "Spell the mount name the same way everywhere (lower case is safest: fuse.mounts."
                                + mount.toLowerCase(Locale.ROOT) + ".*).");
            }
        }
        return keyByMount;
    }

    private static FuseMountSettings resolveOne(FuseProperties top, String name, String beanName, String key,
                                                FuseProperties.Mount mount) {
        String prefix = "fuse.mounts." + (key != null ? key : name);
        Path mountPoint = mount.getMountPoint();
        if (mountPoint == null && top.getMountPoint() != null) {
            mountPoint = top.getMountPoint();
            if (key == null) {
                prefix = FuseProperties.PREFIX;
            }
        }
        if (mountPoint == null) {
            throw new FuseConfigurationException("The @FuseFilesystem bean '" + beanName + "' (mount '" + name
                    + "') has no mount point.",
                    "Set " + prefix + ".mount-point to an empty directory (for example in application.yml:"
                            + " fuse.mounts." + name + ".mount-point: /mnt/" + name + "), or fuse.mount-point when it"
                            + " is the only filesystem bean; or set fuse.enabled=false to mount nothing.");
        }
        if (mountPoint.toString().isBlank()) {
            throw new InvalidConfigurationPropertyValueException(prefix + ".mount-point", mountPoint,
                    "must be a directory");
        }
        int queueDepth = first(mount.getQueueDepth(), top.getQueueDepth());
        if (queueDepth < 1 || queueDepth > Session.MAX_QUEUE_DEPTH) {
            throw new InvalidConfigurationPropertyValueException(property(prefix, "queue-depth", mount.getQueueDepth()),
                    queueDepth, "must be between 1 and " + Session.MAX_QUEUE_DEPTH);
        }
        Integer workers = first(mount.getWorkers(), top.getWorkers());
        if (workers != null && (workers < 1 || workers > MAX_WORKERS)) {
            throw new InvalidConfigurationPropertyValueException(property(prefix, "workers", mount.getWorkers()),
                    workers, "must be between 1 and " + MAX_WORKERS);
        }
        DataSize maxWrite = first(mount.getMaxWrite(), top.getMaxWrite());
        if (maxWrite.toBytes() < MountOptions.MIN_MAX_WRITE || maxWrite.toBytes() > MountOptions.MAX_MAX_WRITE) {
            throw new InvalidConfigurationPropertyValueException(property(prefix, "max-write", mount.getMaxWrite()),
                    maxWrite, "must be between 4KB and 16MB");
        }
        Duration entryTimeout = nonNegative(prefix, "entry-timeout", mount.getEntryTimeout(), top.getEntryTimeout());
        Duration attrTimeout = nonNegative(prefix, "attr-timeout", mount.getAttrTimeout(), top.getAttrTimeout());
        Duration requestTimeout = requestTimeout(prefix, mount.getRequestTimeout(), top.getRequestTimeout());
        boolean writebackCache = first(mount.getWritebackCache(), top.isWritebackCache());
        boolean passthrough = first(mount.getPassthrough(), top.isPassthrough());
        if (passthrough && writebackCache) {
            throw new FuseConfigurationException("The mount '" + name + "' turns on both passthrough ("
                    + property(prefix, "passthrough", mount.getPassthrough()) + ") and the writeback cache ("
                    + property(prefix, "writeback-cache", mount.getWritebackCache()) + "), but the kernel refuses"
                    + " FUSE_PASSTHROUGH together with the writeback cache.",
                    "Turn one of them off for this mount: set " + prefix + ".writeback-cache=false or "
                            + prefix + ".passthrough=false.");
        }
        String fsName = first(mount.getFsName(), top.getFsName());
        List<String> options = first(mount.getOptions(), top.getOptions());
        MountOptions mountOptions;
        try {
            mountOptions = MountOptions.builder()
                    .fsName(fsName != null ? fsName : name)
                    .subtype(first(mount.getSubtype(), top.getSubtype()))
                    .allowOther(first(mount.getAllowOther(), top.isAllowOther()))
                    .defaultPermissions(first(mount.getDefaultPermissions(), top.isDefaultPermissions()))
                    .readOnly(first(mount.getReadOnly(), top.isReadOnly()))
                    .writebackCache(writebackCache)
                    .maxWrite((int) maxWrite.toBytes())
                    .entryTimeout(entryTimeout)
                    .attrTimeout(attrTimeout)
                    .custom(options == null ? new String[0] : options.toArray(String[]::new))
                    .passthrough(passthrough)
                    .posixLocks(first(mount.getPosixLocks(), top.isPosixLocks()))
                    .flockLocks(first(mount.getFlockLocks(), top.isFlockLocks()))
                    .requestTimeout(requestTimeout)
                    .autoUnmount(first(mount.getAutoUnmount(), top.isAutoUnmount()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new FuseConfigurationException("The mount options of mount '" + name + "' are invalid: "
                    + e.getMessage() + ".",
                    "Fix " + prefix + ".fs-name, " + prefix + ".subtype or " + prefix + ".options.");
        }
        Transport transport = first(mount.getTransport(), top.getTransport());
        DispatchMode dispatch = first(mount.getDispatch(), top.getDispatch());
        boolean idleRingOwners = first(mount.getIdleRingOwners(), top.isIdleRingOwners());
        boolean create = first(mount.getCreateMountPoint(), top.isCreateMountPoint());
        return new FuseMountSettings(name, beanName, prefix, mountPoint, create, transport, queueDepth,
                workers == null ? 0 : workers, dispatch, idleRingOwners, mountOptions);
    }

    private static Duration nonNegative(String prefix, String key, Duration own, Duration fallback) {
        Duration value = first(own, fallback);
        if (value == null || value.isNegative()) {
            throw new InvalidConfigurationPropertyValueException(property(prefix, key, own), value,
                    "must not be negative");
        }
        return value;
    }

    private static Duration requestTimeout(String prefix, Duration own, Duration fallback) {
        Duration value = first(own, fallback);
        String name = property(prefix, "request-timeout", own);
        if (value == null || value.isNegative() || value.getSeconds() > MAX_REQUEST_TIMEOUT_SECONDS
                || (value.getSeconds() == MAX_REQUEST_TIMEOUT_SECONDS && value.getNano() != 0)) {
            throw new InvalidConfigurationPropertyValueException(name, value,
                    "must be between 0s (no timeout) and " + MAX_REQUEST_TIMEOUT_SECONDS + "s");
        }
        if (value.getNano() != 0) {
            throw new InvalidConfigurationPropertyValueException(name, value,
                    "must be a whole number of seconds (the kernel counts it in seconds), such as "
                            + Math.max(1, value.getSeconds()) + "s");
        }
        return value;
    }

    /** Names the property a value came from: the mount's own when it set one, else the top-level one. */
    private static String property(String prefix, String key, Object own) {
        return own != null ? prefix + "." + key : FuseProperties.PREFIX + "." + key;
    }

    private static <T> T first(T own, T fallback) {
        return own != null ? own : fallback;
    }

    private static String describeBeans(Map<String, String> beans) {
        if (beans.isEmpty()) {
            return "no @FuseFilesystem bean was found";
        }
        List<String> names = new ArrayList<>();
        beans.forEach((mount, bean) -> names.add(mount.equals(bean) ? mount : mount + " (bean '" + bean + "')"));
        return "the @FuseFilesystem mounts are: " + String.join(", ", names);
    }

    /**
     * Returns the form of a mount name used to match it with property keys.
     *
     * @param name a mount name or property key
     * @return the name in lower case, with only letters and digits
     */
    static String canonical(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }
}
