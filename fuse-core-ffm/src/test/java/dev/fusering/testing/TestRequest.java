package dev.fusering.testing;

import dev.fusering.api.Request;

/**
 * A {@link Request} from a given user and group, for calling a {@link dev.fusering.api.Filesystem} directly in
 * tests: unique id 1, opcode 0, pid 1, never interrupted.
 *
 * @param uid the caller's user id
 * @param gid the caller's group id
 */
public record TestRequest(int uid, int gid) implements Request {

    /** A request from root. */
    public static final TestRequest ROOT = new TestRequest(0, 0);

    @Override
    public long unique() {
        return 1;
    }

    @Override
    public int opcode() {
        return 0;
    }

    @Override
    public int pid() {
        return 1;
    }

    @Override
    public boolean isInterrupted() {
        return false;
    }
}
