package dev.fusering.boot.diagnostics;

import dev.fusering.api.FuseMountException;
import dev.fusering.api.Session;
import dev.fusering.boot.FuseConfigurationException;
import dev.fusering.boot.FuseMountFailedException;
import dev.fusering.boot.FuseMountSettings;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains why FuseRing could not start: what went wrong and what to do, per
 * {@link FuseMountException.Reason}, for an inconsistent configuration ({@link FuseConfigurationException}),
 * and for a JVM that does not grant native access to the engine.
 *
 * <p>Registered in {@code META-INF/spring.factories} under
 * {@code org.springframework.boot.diagnostics.FailureAnalyzer}.
 */
public class FuseFailureAnalyzer implements FailureAnalyzer {

    static final String NATIVE_ACCESS_ACTION = "Grant native access to the class path: start java with "
            + "--enable-native-access=ALL-UNNAMED, or add the manifest attribute 'Enable-Native-Access: ALL-UNNAMED' "
            + "to the executable jar (with spring-boot-maven-plugin: <manifestEntries> of maven-jar-plugin's "
            + "archive configuration). When the engine runs as a named module, use "
            + "--enable-native-access=<module name> instead.";

    private final Module engineModule;

    /** Creates the analyzer for the engine's module. */
    public FuseFailureAnalyzer() {
        this(Session.class.getModule());
    }

    /**
     * Creates the analyzer for a given engine module (for tests).
     *
     * @param engineModule the module the engine runs in
     */
    FuseFailureAnalyzer(Module engineModule) {
        this.engineModule = engineModule;
    }

    /**
     * Analyzes a start-up failure.
     *
     * @param failure the failure
     * @return the analysis, or null when the failure is not FuseRing's
     */
    @Override
    public FailureAnalysis analyze(Throwable failure) {
        FuseMountSettings mount = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FuseMountFailedException mf) {
                if (mount == null) {
                    mount = mf.mount();
                }
                continue; // its cause says what went wrong
            }
            if (t instanceof FuseConfigurationException ce) {
                return new FailureAnalysis(ce.description(), ce.action(), failure);
            }
            if (t instanceof FuseMountException me) {
                return analyzeMount(failure, me, mount);
            }
            if (isNativeAccessFailure(t)) {
                return nativeAccess(failure, t.getMessage());
            }
        }
        return null;
    }

    private static boolean isNativeAccessFailure(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return false;
        }
        boolean nativeAccess = message.contains("native access") || message.contains("enable-native-access");
        return nativeAccess && (t instanceof IllegalCallerException || t instanceof IllegalStateException);
    }

    private FailureAnalysis nativeAccess(Throwable failure, String message) {
        String state = engineModule.isNativeAccessEnabled() ? "enabled" : "not enabled";
        String module = engineModule.isNamed() ? "module " + engineModule.getName() : "the class path (unnamed module)";
        return new FailureAnalysis("FuseRing calls the kernel through the Foreign Function & Memory API, but native "
                + "access is " + state + " for " + module + ": " + message, NATIVE_ACCESS_ACTION, failure);
    }

    private FailureAnalysis analyzeMount(Throwable failure, FuseMountException e, FuseMountSettings mount) {
        String what = mount == null ? "A FuseRing filesystem could not be mounted: " + e.getMessage()
                : "The filesystem '" + mount.name() + "' (bean '" + mount.beanName() + "') could not be mounted on "
                + mount.mountPoint() + ": " + e.getMessage();
        String dir = mount == null ? "the mount point" : mount.mountPoint().toString();
        String property = mount == null ? "fuse.mounts.<name>." : mount.propertyPrefix() + ".";
        String action = switch (e.reason()) {
            case MOUNT_POINT_MISSING -> "Create the directory (mkdir -p " + dir + "), or set " + property
                    + "create-mount-point=true to have it created, or point " + property
                    + "mount-point to an existing empty directory.";
            case NOT_A_DIRECTORY -> "Point " + property + "mount-point to a directory.";
            case NOT_EMPTY -> "Empty " + dir + " or point " + property + "mount-point to an empty directory.";
            case ALREADY_MOUNTED -> "Something is mounted on " + dir + " already (another instance of this "
                    + "application?): stop it or unmount it (umount " + dir + "), or choose another mount point.";
            case STALE_MOUNT -> "A dead FUSE mount is left on " + dir + ": remove it with umount -l " + dir
                    + " and start again.";
            case NO_DEV_FUSE -> "Load the fuse kernel module (modprobe fuse). In a container, pass the device: "
                    + "docker run --device /dev/fuse --cap-add SYS_ADMIN ...";
            case PERMISSION_DENIED -> "Mounting needs root or CAP_SYS_ADMIN: run the application as root. In a "
                    + "container: docker run --cap-add SYS_ADMIN --device /dev/fuse (some hosts also need "
                    + "--security-opt apparmor=unconfined).";
            case IO_URING_UNAVAILABLE -> "Enable FUSE-over-io_uring (kernel 6.14 or newer) with "
                    + "'echo Y > /sys/module/fuse/parameters/enable_uring', or set " + property
                    + "transport=auto to fall back to /dev/fuse.";
            case NATIVE_ACCESS_DISABLED -> NATIVE_ACCESS_ACTION;
            case CONFIGURATION -> "Fix the mount settings under " + property + "* (fs-name, subtype, options).";
            case INIT_FAILED -> "The filesystem bean's init() or the kernel handshake failed: see the cause below; "
                    + "try " + property + "transport=classic to rule out the io_uring transport.";
            case MOUNT_FAILED -> "Check the mount point and the mount options under " + property
                    + "*, and the kernel log (dmesg).";
        };
        if (e.reason() == FuseMountException.Reason.NATIVE_ACCESS_DISABLED) {
            return nativeAccess(failure, e.getMessage());
        }
        return new FailureAnalysis(what, action, failure);
    }
}
