package dev.fusering.lifecycle;

import java.util.Set;
import java.util.TreeSet;

/**
 * Lists the engine's live platform threads by name: ring owners ({@code fuse-ring-*}), {@code /dev/fuse}
 * readers ({@code fuse-dev-*}), the ring entries' request runners ({@code fuse-q<qid>-e<n>}, platform threads)
 * and the lifecycle thread ({@code fuse-session}). The virtual request threads of the classic transport are
 * not listed by the JVM and are not checked.
 */
final class FuseThreads {

    private FuseThreads() {
    }

    /** @return the live engine threads, as "name#id" so that equal names of different threads differ */
    static Set<String> live() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && (name.startsWith("fuse-ring-") || name.startsWith("fuse-dev-")
                    || name.startsWith("fuse-q") || name.equals("fuse-session"))) {
                names.add(name + "#" + t.threadId());
            }
        }
        return names;
    }
}
