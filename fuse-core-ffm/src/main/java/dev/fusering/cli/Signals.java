package dev.fusering.cli;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful shutdown, so that the launcher exits 0 after unmounting instead
 * of the JVM's default exit status 143/130.
 */
final class Signals {

    private Signals() {
    }

    /**
     * Installs handlers for SIGTERM and SIGINT.
     *
     * @param action what to run (on a JVM signal thread); must return quickly
     */
    @SuppressWarnings("removal")
    static void onTerminate(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> action.run());
        }
    }
}
