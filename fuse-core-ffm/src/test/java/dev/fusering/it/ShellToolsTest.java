package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.SharedMounts;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import dev.fusering.testing.Trees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the same shell script (coreutils, attr, fio) in a directory on the local disk and in a directory
 * of a mounted {@link dev.fusering.fs.MemoryFilesystem}, and requires the same exit status, standard
 * output and standard error (scripts use relative paths, {@code LC_ALL=C} and {@code TZ=UTC}, so error
 * messages match word for word). Needs the Debian packages {@code coreutils}, {@code attr}
 * ({@code getfattr}/{@code setfattr}), {@code fio} and {@code diffutils}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShellToolsTest {

    private static final String MATRIX = "dev.fusering.testing.TransportMatrix#all";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(40);
    private static final String PROLOGUE = "export LC_ALL=C TZ=UTC; ";

    @TempDir
    static Path tmp;

    private static final SharedMounts MOUNTS = new SharedMounts(() -> tmp, MemoryFilesystem::new);

    /** Unmounts the shared filesystems. */
    @AfterAll
    static void unmount() {
        MOUNTS.close();
    }

    /** Work directories of one test: one on the disk, one in the mount. */
    private record Dirs(Path disk, Path mem) {
    }

    private static Dirs dirs(Transport transport, DispatchMode dispatch, String name) throws IOException {
        TestMounts.Mount mount = MOUNTS.get(transport, dispatch);
        return new Dirs(Files.createDirectories(tmp.resolve("disk").resolve(name + "-" + transport + "-" + dispatch)),
                Files.createDirectory(mount.path(name)));
    }

    private static void cleanUp(Dirs dirs) throws IOException {
        Trees.deleteRecursively(dirs.disk());
        Trees.deleteRecursively(dirs.mem());
    }

    private static Shell.Result sh(Path cwd, String script) {
        return Shell.run(SCRIPT_TIMEOUT, cwd, List.of("sh", "-c", PROLOGUE + script));
    }

    private static String show(Shell.Result r) {
        return "exit " + r.exitCode() + "\n--- stdout\n" + r.stdout() + "--- stderr\n" + r.stderr();
    }

    /** Runs {@code script} in both directories and requires identical results. */
    private static void compare(Transport transport, DispatchMode dispatch, String name, String script)
            throws IOException {
        Dirs dirs = dirs(transport, dispatch, name);
        try {
            Shell.Result disk = sh(dirs.disk(), script);
            assertThat(disk.exitCode()).as("the script must not time out on the disk: %s", disk.stderr())
                    .isNotEqualTo(-1);
            Shell.Result mem = sh(dirs.mem(), script);
            assertThat(show(mem)).as("%s on the %s/%s mount (actual) vs the local disk (expected)", name,
                    transport, dispatch).isEqualTo(show(disk));
        } finally {
            cleanUp(dirs);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(MATRIX)
    void lsAndStat(Transport transport, DispatchMode dispatch) throws IOException {
        compare(transport, dispatch, "ls", """
                mkdir -p a/b/c d && printf hello > f && : > empty && ln -s f link && ln -s nowhere dangling \
                && ln f hard && chmod 750 d && chmod 604 f && mkfifo fifo && echo built
                ls -la --time-style=+ | awk 'NR > 1 && $NF != ".." { if (substr($1, 1, 1) == "d") $5 = "-"; $1 = $1; print }'
                ls -1 a a/b
                stat -c '%F %a %s %h %u %g %N' f empty link dangling hard fifo
                stat -L -c '%F %a %s %h %n' link
                stat -c '%F %a %h %u %g %n' . a a/b a/b/c d
                stat missing; echo "stat exit $?"
                ls missing; echo "ls exit $?"
                ls -l f/x; echo "ls exit $?"
                """);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(MATRIX)
    void truncateAndLinks(Transport transport, DispatchMode dispatch) throws IOException {
        compare(transport, dispatch, "trunc", """
                printf 0123456789 > f
                truncate -s 5M f && stat -c %s f && md5sum f
                truncate -s 3 f && cat f && echo
                truncate -s +2 f && od -An -c f
                truncate -s -1 f && stat -c %s f
                truncate -s 1 missing/x; echo "truncate exit $?"
                ln f h && stat -c '%h' f h
                ln f h; echo "ln exit $?"
                ln missing x; echo "ln exit $?"
                mkdir d; ln d dl; echo "ln dir exit $?"
                ln -s f s && readlink s && cat s && echo
                ln -s f s; echo "ln -s exit $?"
                ln -sf g s && readlink s
                cat s; echo "cat exit $?"
                ln -s ../f d/up && cat d/up && echo
                ls -l --time-style=+ | awk 'NR > 1 { if (substr($1, 1, 1) == "d") $5 = "-"; $1 = $1; print }'
                """);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(MATRIX)
    void mkdirMvRmFind(Transport transport, DispatchMode dispatch) throws IOException {
        compare(transport, dispatch, "mv", """
                mkdir -p a/b/c && echo x > a/b/c/f && find . | sort
                mkdir -p a/b/c; echo "mkdir -p again $?"
                mkdir a; echo "mkdir exit $?"
                mv a/b/c/f g && mv g a/ && mv a z && find . | sort
                mv missing y; echo "mv exit $?"
                mkdir -p d1/x d2/y empty
                mv -T d1 d2; echo "mv over non-empty dir exit $?"
                mv -T d1 empty; echo "mv over empty dir exit $?"
                mv z z/b; echo "mv into itself exit $?"
                echo data > file; mv file empty; echo "mv file over dir exit $?"
                mv -T empty file; echo "mv dir over file exit $?"
                rm missing; echo "rm exit $?"
                rm z; echo "rm dir exit $?"
                rmdir z; echo "rmdir exit $?"
                rmdir d2/y && rmdir d2 && echo rmdir ok
                rm -r z && rm -rf empty && find . | sort
                mkdir -p a/b/c/d/e/f && touch a/b/c/d/e/f/g && rm -r a && find . | sort
                """);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(MATRIX)
    void touchAndTimestamps(Transport transport, DispatchMode dispatch) throws IOException {
        compare(transport, dispatch, "touch", """
                touch f && touch -d '2020-01-02 03:04:05.123456789' f && stat -c '%y | %x' f
                touch -a -d '2001-01-01 00:00:00.5' f && stat -c '%y | %x' f
                touch -m -d @1234567890.987654321 f && stat -c '%y | %x' f
                touch -d '1960-06-07 08:09:10.25' f && stat -c '%y' f
                ln -s f link && touch -h -d '2019-01-01 01:01:01.000000001' link && stat -c '%y' link && stat -L -c '%y' link
                touch -c missing; echo "touch -c exit $?"; ls
                touch missing/x; echo "touch exit $?"
                mkdir d && touch -d '2010-10-10 10:10:10' d && stat -c '%y' d
                """);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(MATRIX)
    void extendedAttributes(Transport transport, DispatchMode dispatch) throws IOException {
        compare(transport, dispatch, "xattr", """
                echo x > f && mkdir d && ln -s f link
                setfattr -n user.k -v v f && getfattr -d f
                setfattr -n user.bin -v 0x00ff10 f && getfattr -e hex -n user.bin f
                setfattr -n user.empty f && getfattr -d f
                getfattr -n user.missing f; echo "getfattr exit $?"
                getfattr -n user.k missing; echo "getfattr exit $?"
                setfattr -x user.k f && getfattr -d f
                setfattr -x user.k f; echo "setfattr -x exit $?"
                setfattr -n trusted.t -v tv f && getfattr -n trusted.t f
                setfattr -n user.d -v dirval d && getfattr -d d
                setfattr -h -n user.l -v l link; echo "setfattr on symlink exit $?"
                getfattr -d link
                getfattr -d -m '^user\\.' --absolute-names f
                """);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(MATRIX)
    void cpAndDiffRoundTrip(Transport transport, DispatchMode dispatch) throws IOException {
        Dirs dirs = dirs(transport, dispatch, "cp");
        try {
            String build = """
                    mkdir -p src/a/b src/empty && printf hello > src/a/hello && head -c 300000 /dev/urandom > src/a/b/rand \
                    && : > src/zero && ln -s a/hello src/link && chmod 755 src/a/hello && chmod 600 src/zero \
                    && setfattr -n user.tag -v blue src/a/hello && touch -d '2015-05-05 05:05:05.5' src/a/b/rand \
                    && touch -h -d '2016-06-06 06:06:06' src/link && touch -d '2017-07-07 07:07:07' src/a/b \
                    && echo built
                    """;
            assertThat(show(sh(dirs.disk(), build))).isEqualTo(show(new Shell.Result(0, "built\n", "")));
            String src = dirs.disk().resolve("src").toString();
            String copy = dirs.mem().resolve("copy").toString();
            String back = dirs.disk().resolve("back").toString();
            // directory sizes are filesystem-specific, so directories are listed without them
            String listing = "{ find . -type d -printf '%y %m %n %TY-%Tm-%Td %TT %p\\n'; "
                    + "find . ! -type d -printf '%y %m %s %n %TY-%Tm-%Td %TT %p %l\\n'; } | sort "
                    + "&& getfattr -R -d . | sort";
            Shell.Result copyIn = sh(dirs.disk(), "cp -a '" + src + "' '" + copy + "'");
            assertThat(show(copyIn)).as("cp -a into the mount").isEqualTo(show(new Shell.Result(0, "", "")));
            Shell.Result copyOut = sh(dirs.disk(), "cp -a '" + copy + "' '" + back + "'");
            assertThat(show(copyOut)).as("cp -a out of the mount").isEqualTo(show(new Shell.Result(0, "", "")));
            assertThat(show(sh(dirs.disk(), "diff -r '" + src + "' '" + copy + "' && diff -r '" + src + "' '" + back
                    + "' && echo same"))).isEqualTo(show(new Shell.Result(0, "same\n", "")));
            String expected = show(sh(Path.of(src), listing));
            assertThat(show(sh(Path.of(copy), listing))).as("the copy in the mount").isEqualTo(expected);
            assertThat(show(sh(Path.of(back), listing))).as("the copy of the copy").isEqualTo(expected);
        } finally {
            cleanUp(dirs);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(MATRIX)
    void ddAndCmp(Transport transport, DispatchMode dispatch) throws IOException {
        Dirs dirs = dirs(transport, dispatch, "dd");
        try {
            String script = "D='" + dirs.disk() + "'; M='" + dirs.mem() + "'\n" + """
                    dd if=/dev/urandom of="$M/f" bs=1M count=8 status=none && cp "$M/f" "$D/f" && cmp "$M/f" "$D/f" \
                    && echo copy same
                    dd if=/dev/urandom of="$D/patch" bs=4k count=3 status=none
                    for t in "$M" "$D"; do dd if="$D/patch" of="$t/f" bs=4k seek=100 conv=notrunc status=none; done
                    cmp "$M/f" "$D/f" && echo patched same
                    for t in "$M" "$D"; do dd if="$D/patch" of="$t/f" bs=1M seek=10 conv=notrunc status=none; done
                    cmp "$M/f" "$D/f" && echo extended same
                    stat -c %s "$M/f" "$D/f"
                    for t in "$M" "$D"; do dd if="$D/patch" of="$t/f" bs=1k seek=3 count=1 status=none; done
                    cmp "$M/f" "$D/f" && stat -c %s "$M/f" && echo truncated same
                    dd if=/dev/urandom of="$M/g" bs=64k count=64 status=none && cp "$M/g" "$D/g"
                    dd if="$M/g" of=/dev/null bs=1M iflag=direct status=none; echo "direct read exit $?"
                    dd if="$D/g" of="$M/h" bs=1M oflag=direct status=none; echo "direct write exit $?"
                    cmp "$D/g" "$M/h" && echo direct same
                    a=$(md5sum < "$M/g"); b=$(md5sum < "$D/g"); [ "$a" = "$b" ] && echo md5 same
                    """;
            Shell.Result r = sh(dirs.disk(), script);
            assertThat(show(r)).isEqualTo(show(new Shell.Result(0, """
                    copy same
                    patched same
                    extended same
                    10498048
                    10498048
                    4096
                    truncated same
                    direct read exit 0
                    direct write exit 0
                    direct same
                    md5 same
                    """, "")));
        } finally {
            cleanUp(dirs);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(MATRIX)
    void fioRandomReadWriteWithVerify(Transport transport, DispatchMode dispatch) throws IOException {
        Dirs dirs = dirs(transport, dispatch, "fio");
        try {
            // verify_backlog makes fio read back and check (crc32c) what it wrote while the job runs, so a
            // time-based mixed job verifies too; the state file goes to the disk directory.
            Shell.Result r = sh(dirs.disk(), "fio --name=verify --filename='" + dirs.mem().resolve("fio.dat")
                    + "' --size=16M --rw=randrw --bs=4k --ioengine=psync --verify=crc32c --verify_backlog=16 "
                    + "--verify_fatal=1 --verify_state_save=0 --runtime=2 --time_based");
            assertThat(r.exitCode()).as("fio failed:\n%s", show(r)).isZero();
            assertThat(r.stdout()).as("fio output").contains("err= 0").doesNotContain("verify failed")
                    .doesNotContain("bad magic");
            assertThat(r.stderr()).as("fio errors").doesNotContainIgnoringCase("error")
                    .doesNotContainIgnoringCase("verify");
        } finally {
            cleanUp(dirs);
        }
    }
}
