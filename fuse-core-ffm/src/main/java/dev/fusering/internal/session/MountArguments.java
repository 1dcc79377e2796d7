package dev.fusering.internal.session;

import dev.fusering.api.MountOptions;
import dev.fusering.internal.linux.LinuxConstants;

import java.util.StringJoiner;

/**
 * Turns {@link MountOptions} into the two halves of mount(2): the {@code MS_*} flags and the comma-separated
 * data string of FUSE options. Generic flag words in {@link MountOptions#custom()} ({@code ro}, {@code noexec},
 * {@code noatime}, ...) become flags; everything else is passed to the kernel as a FUSE option.
 *
 * @param flags the mount flags
 * @param data  the FUSE options, without {@code fd}, {@code rootmode}, {@code user_id} and {@code group_id}
 */
record MountArguments(long flags, String data) {

    static MountArguments of(MountOptions options) {
        long flags = LinuxConstants.MS_NOSUID | LinuxConstants.MS_NODEV;
        if (options.readOnly()) {
            flags |= LinuxConstants.MS_RDONLY;
        }
        StringJoiner data = new StringJoiner(",");
        if (options.allowOther() || options.allowRoot()) {
            data.add("allow_other"); // allow_root is enforced by the dispatcher on top of allow_other
        }
        if (options.defaultPermissions()) {
            data.add("default_permissions");
        }
        for (String c : options.custom()) {
            switch (c) {
                case "ro" -> flags |= LinuxConstants.MS_RDONLY;
                case "rw" -> flags &= ~LinuxConstants.MS_RDONLY;
                case "nosuid" -> flags |= LinuxConstants.MS_NOSUID;
                case "suid" -> flags &= ~LinuxConstants.MS_NOSUID;
                case "nodev" -> flags |= LinuxConstants.MS_NODEV;
                case "dev" -> flags &= ~LinuxConstants.MS_NODEV;
                case "noexec" -> flags |= LinuxConstants.MS_NOEXEC;
                case "exec" -> flags &= ~LinuxConstants.MS_NOEXEC;
                case "noatime" -> flags |= LinuxConstants.MS_NOATIME;
                case "sync" -> flags |= LinuxConstants.MS_SYNCHRONOUS;
                case "async" -> flags &= ~LinuxConstants.MS_SYNCHRONOUS;
                case "dirsync" -> flags |= LinuxConstants.MS_DIRSYNC;
                case "allow_other" -> data.add("allow_other");
                case "default_permissions" -> data.add("default_permissions");
                default -> data.add(c);
            }
        }
        return new MountArguments(flags, data.toString());
    }
}
