package dev.fusering.internal.linux;

/**
 * Run in a child JVM by {@link NativeAccessTest}: prints what the first use of {@link LibC} does.
 */
public final class NativeAccessProbe {

    private NativeAccessProbe() {
    }

    /**
     * Calls {@link LibC#geteuid()} and prints the outcome on one line.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("enabled=" + LibC.nativeAccessEnabled());
        try {
            System.out.println("euid=" + LibC.geteuid());
        } catch (Throwable t) {
            System.out.println(t.getClass().getName() + ": " + t.getMessage());
        }
    }
}
