package dev.fusering.internal.uring;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Fields of a {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat} line read into native memory, as the
 * {@link OwnerPriorityGuard} reads them at every look (no allocation). Fields are numbered as in
 * {@code proc(5)}: 1 is the pid, 2 the command name in parentheses (which may itself contain ')' and
 * spaces), so counting starts after the last ')'.
 */
final class ProcStatLine {

    /** Field 3: the state, e.g. 'R' (running or runnable) or 'S' (sleeping). */
    private static final int STATE = 3;
    /** Field 20: the number of threads in the process. */
    private static final int NUM_THREADS = 20;

    private ProcStatLine() {
    }

    /**
     * Returns the state letter (field 3).
     *
     * @param stat the bytes read
     * @param len  how many bytes are valid
     * @return the state, e.g. 'R' or 'S'; '?' when malformed
     */
    static char state(MemorySegment stat, int len) {
        int at = fieldStart(stat, len, STATE);
        return at < 0 ? '?' : (char) stat.get(ValueLayout.JAVA_BYTE, at);
    }

    /**
     * Returns the number of threads (field 20).
     *
     * @param stat the bytes read
     * @param len  how many bytes are valid
     * @return the number of threads, or -1 when malformed
     */
    static int numThreads(MemorySegment stat, int len) {
        int at = fieldStart(stat, len, NUM_THREADS);
        if (at < 0) {
            return -1;
        }
        int value = 0;
        int i = at;
        for (; i < len; i++) {
            byte b = stat.get(ValueLayout.JAVA_BYTE, i);
            if (b == ' ' || b == '\n') {
                break;
            }
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return i < len ? value : -1;
    }

    /**
     * Returns the offset of the first byte of a field from 3 on, or -1 when the line has no such field.
     */
    private static int fieldStart(MemorySegment stat, int len, int field) {
        int i = len - 1;
        while (i >= 0 && stat.get(ValueLayout.JAVA_BYTE, i) != ')') {
            i--;
        }
        if (i < 0) {
            return -1;
        }
        // ") " precedes field 3; each further space starts the next field.
        int current = 2;
        for (i++; i < len; i++) {
            if (stat.get(ValueLayout.JAVA_BYTE, i) == ' ' && ++current == field) {
                return i + 1 < len ? i + 1 : -1;
            }
        }
        return -1;
    }
}
