package dev.fusering.fs;

import static dev.fusering.fs.RelativePaths.child;
import static dev.fusering.fs.RelativePaths.childPath;

import dev.fusering.api.AttrReply;
import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.api.SetattrRequest;
import dev.fusering.api.StatfsReply;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A filesystem that mirrors a directory of the local disk (the <em>source</em>): every name, attribute,
 * byte and {@code user.} extended attribute read or written through the mount is read or written in the
 * source directory, with {@code java.nio}, so that every method cooperates with the threads it is called on (a
 * blocked virtual thread releases its carrier). The exceptions are FALLOCATE and LSEEK ({@code SEEK_DATA},
 * {@code SEEK_HOLE}), which {@code java.nio} cannot express: they open the source file with {@code open(2)}
 * ({@code O_NOFOLLOW}, checking that the descriptor is the node's file), call {@code fallocate(2)} or
 * {@code lseek(2)} on it and close it, so that every fallocate mode of the source's file system (allocate,
 * {@code KEEP_SIZE}, {@code PUNCH_HOLE}, {@code ZERO_RANGE}, {@code COLLAPSE_RANGE}, {@code INSERT_RANGE}) and
 * its holes are mirrored, with its errno; these native calls pin a virtual thread's carrier while they run.
 * (Through a mount, the kernel itself answers {@code EOPNOTSUPP} for {@code COLLAPSE_RANGE},
 * {@code INSERT_RANGE} and {@code UNSHARE_RANGE} without sending a request: measured on Linux 6.18.)
 *
 * <h2>What is mirrored</h2>
 * Regular files, directories and symbolic links, with their mode (including setuid, setgid and sticky
 * bits), owner, group, size, times (nanoseconds), link count and inode number; hard links (files with the
 * same device and inode number share one node); FIFOs, sockets and device nodes already present in the
 * source (their attributes; the kernel handles their I/O itself). Names are never resolved through symbolic
 * links ({@link LinkOption#NOFOLLOW_LINKS} throughout), and a name containing {@code '/'}, a NUL byte or
 * invalid UTF-8, or equal to {@code "."} or {@code ".."}, is refused with {@code EINVAL}, so that no request
 * reaches outside the source directory. Before using a path below the top level, its parent directories are
 * checked to still be real directories (one {@code realpath(3)}), so that a directory replaced by a symbolic
 * link directly in the source is not followed; {@code java.nio} has no {@code openat(2)}, so this check is
 * not atomic against a concurrent replacement.
 *
 * <h2>Approximations (what {@code java.nio} cannot express)</h2>
 * <ul>
 *   <li>{@code st_blocks} is the size rounded up to 4 KiB, in 512-byte units (sparse files are
 *       over-reported); {@code st_blksize} is 4096.</li>
 *   <li>MKNOD creates regular files only: FIFOs, sockets and device nodes answer {@code EPERM} (logged once
 *       at WARN), as there is no {@code java.nio} call that creates them.</li>
 *   <li>RENAME with flags 0 is an atomic {@code rename(2)} (Linux semantics: an empty directory or a file is
 *       replaced, {@code ENOTEMPTY}, {@code EISDIR}, {@code ENOTDIR}, {@code EXDEV}); {@code RENAME_NOREPLACE}
 *       checks that the target is missing before renaming, which is not atomic against a concurrent creator
 *       of the target; {@code RENAME_EXCHANGE} and {@code RENAME_WHITEOUT} answer {@code EINVAL} (they need
 *       {@code renameat2(2)}).</li>
 *   <li>Growing a file (SETATTR size) writes a zero byte at the new last offset instead of calling
 *       {@code ftruncate(2)}: the content is the same, one more block is allocated.</li>
 *   <li>A file whose last name was removed through the mount while it is open cannot be opened again: on it
 *       FALLOCATE supports mode 0 only (growing the file through its open channel; other modes answer
 *       {@code EOPNOTSUPP}), and LSEEK {@code SEEK_DATA} answers the offset itself and {@code SEEK_HOLE} the
 *       file size.</li>
 *   <li>STATFS reports the space of the source's {@link FileStore} (even for nodes on another filesystem
 *       mounted below the source), a 255-byte name limit and 0 for the inode counts, which {@code java.nio}
 *       does not expose.</li>
 *   <li>ACCESS checks with the daemon's own rights ({@link Files#isReadable} and friends), not the
 *       caller's.</li>
 *   <li>Symbolic link targets are stored as {@code java.nio} normalizes paths: redundant and trailing
 *       slashes are removed ({@code "dir/"} becomes {@code "dir"}).</li>
 *   <li>Changing the mode of a FIFO, socket or device node uses {@code chmod(2)} by path (opening them could
 *       block), after checking that the name is not a symbolic link; setting the times of a FIFO briefly
 *       opens it for reading and writing (which never blocks on Linux) so that the JDK's own open of it does
 *       not block; for a device node the JDK opens the device itself to set its times.</li>
 *   <li>SETATTR ignores an explicit change time (only the kernel can set it); the {@code user.} namespace is
 *       the only one of extended attributes: {@code user.x} is stored as the source's {@code user.x}, other
 *       namespaces answer {@code EOPNOTSUPP}, and {@code XATTR_CREATE}/{@code XATTR_REPLACE} are checked
 *       before writing, not atomically.</li>
 *   <li>Names are converted with the JVM's file name encoding ({@code sun.jnu.encoding}); run the JVM in a
 *       UTF-8 locale (for example {@code LANG=C.UTF-8}) or non-ASCII names will not round-trip. Source names
 *       that are not valid UTF-8 cannot be reached.</li>
 *   <li>COPY_FILE_RANGE copies at most 1 GiB per request (a short copy, as copy_file_range(2) allows).</li>
 *   <li>A timestamp before 1970 with a fraction of a second is stored floored to the whole second
 *       ({@code java.nio} cannot set it exactly).</li>
 * </ul>
 *
 * <h2>Nodes and paths</h2>
 * Each node remembers the path it was last seen at, relative to the source; RENAME rewrites the paths of the
 * moved node and of every node below it. Operations reach the source by path, so a file renamed or replaced
 * directly in the source (not through the mount) is found again only by a new LOOKUP. A file whose last name
 * was removed through the mount while it is open keeps working through its open channels, and GETATTR
 * answers its last known attributes with a link count of 0.
 *
 * <h2>Ownership and permissions</h2>
 * When the daemon runs as root, new files, directories and links are given to the calling user and group
 * (the group of a set-group-ID parent directory is kept, as Linux does) and their mode is set exactly to
 * {@code mode & ~umask}. Beware that a daemon running as root performs every request with root's rights
 * on the source directory: unless the mount uses {@code default_permissions} (so that the kernel checks
 * permissions against the mirrored mode and owner), <em>every caller acts with root's rights on the
 * source</em>. Mount with {@code default_permissions}, or run the daemon as an unprivileged user.
 *
 * <h2>Thread-safety</h2>
 * All methods may be called concurrently. Path-based operations share a namespace read lock; RENAME holds it
 * exclusively, so that the node paths it rewrites are never observed half-updated. Reads and writes use
 * positional I/O on per-open {@link FileChannel}s and take no lock. A {@link FileChannel} is closed by the
 * JDK when the thread using it is interrupted: the interrupted request is answered {@code EINTR} and the file
 * is reopened (by path, checking that it is the same file) for the next request on that handle.
 */
public final class PassthroughFilesystem implements Filesystem {

    private static final Logger LOG = LoggerFactory.getLogger(PassthroughFilesystem.class);

    /** {@code FUSE_WRITEBACK_CACHE}, bit 16 of the INIT flags. */
    private static final long FUSE_WRITEBACK_CACHE = 1L << 16;
    /** {@code FUSE_PASSTHROUGH}, bit 37 of the INIT flags. */
    private static final long FUSE_PASSTHROUGH = 1L << 37;
    /** {@code FUSE_WRITE_KILL_SUIDGID}: the write must drop the setuid and setgid bits. */
    private static final int WRITE_KILL_SUIDGID = 4;
    /** {@code RENAME_NOREPLACE}. */
    private static final int RENAME_NOREPLACE = 1;
    /** {@code SEEK_DATA}. */
    private static final int SEEK_DATA = 3;
    /** {@code SEEK_HOLE}. */
    private static final int SEEK_HOLE = 4;
    /** {@code R_OK} of access(2). */
    private static final int R_OK = 4;
    /** {@code W_OK} of access(2). */
    private static final int W_OK = 2;
    /** {@code X_OK} of access(2). */
    private static final int X_OK = 1;
    /** Group execute permission, which decides whether a write drops the setgid bit. */
    private static final int S_IXGRP = 010;
    /** The largest copy done by one COPY_FILE_RANGE request. */
    private static final long MAX_COPY = 1L << 30;
    /** The longest name the source filesystems are assumed to accept. */
    private static final int MAX_NAME_LENGTH = 255;

    private final Path source;
    private final FileStore store;
    private final PassthroughNodes nodes;
    private final PassthroughHandles<PassthroughOpenFile> files = new PassthroughHandles<>();
    private final PassthroughHandles<PassthroughDirectory> directories = new PassthroughHandles<>();
    private final NamespaceLock namespace = new NamespaceLock(PassthroughErrors::toFuse);
    private final boolean runningAsRoot;
    private final AtomicBoolean specialNodeWarned = new AtomicBoolean();
    private volatile boolean writebackCache;
    private volatile boolean kernelPassthrough;

    /**
     * Creates a filesystem mirroring {@code source}.
     *
     * @param source an existing directory; a symbolic link to one is resolved once, here
     * @throws IllegalArgumentException when {@code source} is not an existing directory, or its filesystem
     *                                  lacks the {@code unix} attribute view (that is, outside Linux/Unix)
     */
    public PassthroughFilesystem(Path source) {
        Objects.requireNonNull(source, "source");
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("passthrough source is not an existing directory: " + source);
        }
        if (!source.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            throw new IllegalArgumentException("passthrough source needs the 'unix' attribute view: " + source);
        }
        try {
            this.source = source.toRealPath();
            this.store = Files.getFileStore(this.source);
            this.nodes = new PassthroughNodes(PassthroughStat.read(this.source).key());
        } catch (IOException e) {
            throw new IllegalArgumentException("passthrough source cannot be read: " + source + ": " + e, e);
        }
        this.runningAsRoot = processUid() == 0;
        Charset names = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"), StandardCharsets.UTF_8);
        if (!names.equals(StandardCharsets.UTF_8)) {
            LOG.warn("file names are encoded as {}, not UTF-8: non-ASCII names will not be mirrored correctly;"
                + " run the JVM in a UTF-8 locale", names);
        }
    }

    /**
     * Returns the mirrored directory.
     *
     * @return the source directory, as a real path
     */
    public Path source() {
        return source;
    }

    /**
     * Notes whether the kernel's writeback cache is in use (it then reads write-only files and writes at
     * explicit offsets, so write-only opens also read and {@code O_APPEND} is left to the kernel), and
     * whether FUSE_PASSTHROUGH was negotiated: then every OPEN and CREATE answers with
     * {@link OpenReply#passthrough} to the source file, and the kernel serves its reads and writes itself.
     *
     * @param connection the negotiated parameters
     */
    @Override
    public void init(ConnectionInfo connection) {
        writebackCache = (connection.flags() & FUSE_WRITEBACK_CACHE) != 0;
        kernelPassthrough = (connection.flags() & FUSE_PASSTHROUGH) != 0;
    }

    /** Closes every file still open. */
    @Override
    public void destroy() {
        for (PassthroughOpenFile file : files.removeAll()) {
            file.close();
        }
        directories.removeAll();
    }

    @Override
    public void lookup(Request request, long parent, FileName name, EntryReply reply) {
        shared(() -> {
            String path = child(nodes.path(parent), name);
            PassthroughStat stat = PassthroughStat.read(resolve(path));
            answer(reply, nodes.lookedUp(stat, path), stat);
            return null;
        });
    }

    @Override
    public void forget(long nodeId, long nlookup) {
        nodes.forget(nodeId, nlookup);
    }

    @Override
    public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
        shared(() -> {
            PassthroughNode node = nodes.node(nodeId);
            stat(node, files.find(fh)).fill(reply.attributes());
            return null;
        });
    }

    @Override
    public void setattr(Request request, long nodeId, SetattrRequest changes, AttrReply reply) {
        shared(() -> {
            PassthroughNode node = nodes.node(nodeId);
            PassthroughOpenFile file = changes.hasFh() ? files.find(changes.fh()) : null;
            String path = nodes.path(node);
            if (path == null) {
                setattrUnlinked(node, file, changes).fill(reply.attributes());
                return null;
            }
            Path p = resolve(path);
            PassthroughStat before = PassthroughStat.read(p);
            if (changes.hasUid()) {
                Files.setAttribute(p, "unix:uid", changes.uid(), LinkOption.NOFOLLOW_LINKS);
            }
            if (changes.hasGid()) {
                Files.setAttribute(p, "unix:gid", changes.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            if (changes.hasSize()) {
                resize(p, file, changes.size(), false);
            }
            if (changes.hasMode()) {
                setMode(p, before.type(), changes.mode() & FileMode.PERMISSIONS);
            } else if (changes.killSuidgid()) {
                killSuidgid(p);
            }
            if (changes.hasAtime() || changes.hasMtime()) {
                setTimes(p, before.type(), changes);
            }
            PassthroughStat after = PassthroughStat.read(p);
            node.lastStat(after);
            after.fill(reply.attributes());
            return null;
        });
    }

    @Override
    public String readlink(Request request, long nodeId) {
        return shared(() -> Files.readSymbolicLink(resolve(nodes.path(nodeId))).toString());
    }

    @Override
    public void mknod(Request request, long parent, FileName name, int mode, int rdev, int umask,
                      EntryReply reply) {
        int type = FileMode.type(mode);
        if (type != 0 && type != FileMode.S_IFREG) {
            if (specialNodeWarned.compareAndSet(false, true)) {
                LOG.warn("mknod of mode {} refused with EPERM: java.nio can only create regular files"
                    + " (further refusals are logged at DEBUG)", Integer.toOctalString(mode));
            } else {
                LOG.debug("mknod of mode {} refused with EPERM", Integer.toOctalString(mode));
            }
            throw FuseException.of(Errno.EPERM);
        }
        int permissions = mode & ~umask & FileMode.PERMISSIONS;
        shared(() -> {
            String parentPath = nodes.path(parent);
            String path = child(parentPath, name);
            Path p = resolve(path);
            Files.createFile(p, permissionsAttribute(permissions));
            PassthroughStat stat = adopt(request, parentPath, p, permissions);
            answer(reply, nodes.lookedUp(stat, path), stat);
            return null;
        });
    }

    @Override
    public void mkdir(Request request, long parent, FileName name, int mode, int umask, EntryReply reply) {
        int permissions = mode & ~umask & (FileMode.PERMISSIONS & ~(FileMode.S_ISUID | FileMode.S_ISGID));
        shared(() -> {
            String parentPath = nodes.path(parent);
            String path = child(parentPath, name);
            Path p = resolve(path);
            Files.createDirectory(p, permissionsAttribute(permissions));
            PassthroughStat stat = adopt(request, parentPath, p, permissions);
            answer(reply, nodes.lookedUp(stat, path), stat);
            return null;
        });
    }

    @Override
    public void unlink(Request request, long parent, FileName name) {
        shared(() -> {
            String path = child(nodes.path(parent), name);
            Path p = resolve(path);
            PassthroughStat stat = PassthroughStat.read(p);
            if (stat.isDirectory()) {
                throw FuseException.of(Errno.EISDIR);
            }
            Files.delete(p);
            nodes.removed(stat.key(), path);
            return null;
        });
    }

    @Override
    public void rmdir(Request request, long parent, FileName name) {
        shared(() -> {
            String path = child(nodes.path(parent), name);
            Path p = resolve(path);
            PassthroughStat stat = PassthroughStat.read(p);
            if (!stat.isDirectory()) {
                throw FuseException.of(Errno.ENOTDIR);
            }
            Files.delete(p);
            nodes.removed(stat.key(), path);
            return null;
        });
    }

    @Override
    public void symlink(Request request, long parent, FileName name, String target, EntryReply reply) {
        shared(() -> {
            String parentPath = nodes.path(parent);
            String path = child(parentPath, name);
            Path p = resolve(path);
            Files.createSymbolicLink(p, p.getFileSystem().getPath(target));
            PassthroughStat stat = adopt(request, parentPath, p, -1);
            answer(reply, nodes.lookedUp(stat, path), stat);
            return null;
        });
    }

    @Override
    public void rename(Request request, long parent, FileName name, long newParent, FileName newName,
                       int flags) {
        if ((flags & ~RENAME_NOREPLACE) != 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        exclusive(() -> {
            String from = child(nodes.path(parent), name);
            String to = child(nodes.path(newParent), newName);
            Path fromPath = resolve(from);
            Path toPath = resolve(to);
            PassthroughStat moved = PassthroughStat.read(fromPath);
            PassthroughStat replaced = statIfExists(toPath);
            if (replaced != null && (flags & RENAME_NOREPLACE) != 0) {
                throw FuseException.of(Errno.EEXIST);
            }
            Files.move(fromPath, toPath, StandardCopyOption.ATOMIC_MOVE);
            if (replaced != null && replaced.key().equals(moved.key())) {
                return null;
            }
            if (replaced != null) {
                nodes.removed(replaced.key(), to);
            }
            nodes.renamed(from, to);
            return null;
        });
    }

    @Override
    public void link(Request request, long nodeId, long newParent, FileName newName, EntryReply reply) {
        shared(() -> {
            Path existing = resolve(nodes.path(nodeId));
            String path = child(nodes.path(newParent), newName);
            Path p = resolve(path);
            Files.createLink(p, existing);
            PassthroughStat stat = PassthroughStat.read(p);
            answer(reply, nodes.lookedUp(stat, path), stat);
            return null;
        });
    }

    @Override
    public void open(Request request, long nodeId, int flags, OpenReply reply) {
        Set<OpenOption> options = PassthroughOpenFile.options(flags, writebackCache);
        shared(() -> {
            PassthroughNode node = nodes.node(nodeId);
            Path p = resolve(nodes.path(nodeId));
            if ((flags & PassthroughOpenFile.O_TRUNC) != 0 && !options.contains(StandardOpenOption.WRITE)) {
                // Linux truncates on O_RDONLY|O_TRUNC too; java.nio ignores TRUNCATE_EXISTING without WRITE.
                try (FileChannel t = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    t.truncate(0);
                }
            }
            FileChannel channel = FileChannel.open(p, options);
            reply.fh(files.add(new PassthroughOpenFile(node, channel, options, again -> reopen(node, again))));
            if (kernelPassthrough) {
                reply.passthrough(p);
            }
            return null;
        });
    }

    @Override
    public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
        if (offset < 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        return files.get(fh).io(channel -> {
            ByteBuffer into = buffer.asByteBuffer();
            while (into.hasRemaining()) {
                int n = channel.read(into, offset + into.position());
                if (n <= 0) {
                    break;
                }
            }
            return into.position();
        });
    }

    @Override
    public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
        if (offset < 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        int written = files.get(fh).io(channel -> {
            ByteBuffer from = data.asByteBuffer();
            while (from.hasRemaining()) {
                channel.write(from, offset + from.position());
            }
            return from.position();
        });
        if ((writeFlags & WRITE_KILL_SUIDGID) != 0) {
            shared(() -> {
                String path = nodes.path(nodes.node(nodeId));
                if (path != null) {
                    killSuidgid(resolve(path));
                }
                return null;
            });
        }
        return written;
    }

    @Override
    public void statfs(Request request, long nodeId, StatfsReply reply) {
        try {
            long unit = store.getBlockSize();
            reply.blocks(store.getTotalSpace() / unit)
                .blocksFree(store.getUnallocatedSpace() / unit)
                .blocksAvailable(store.getUsableSpace() / unit)
                .files(0)
                .filesFree(0)
                .blockSize((int) unit)
                .fragmentSize((int) unit)
                .maxNameLength(MAX_NAME_LENGTH);
        } catch (IOException | RuntimeException e) {
            throw PassthroughErrors.toFuse(e);
        }
    }

    @Override
    public void release(Request request, long nodeId, long fh, int flags) {
        PassthroughOpenFile file = files.remove(fh);
        if (file != null) {
            file.close();
        }
    }

    @Override
    public void fsync(Request request, long nodeId, long fh, boolean datasync) {
        files.get(fh).io(channel -> {
            channel.force(!datasync);
            return null;
        });
    }

    @Override
    public void setxattr(Request request, long nodeId, String name, MemorySegment value, int flags) {
        PassthroughXattrs.viewName(name);
        shared(() -> {
            PassthroughXattrs.set(resolve(nodes.path(nodeId)), name, value, flags);
            return null;
        });
    }

    @Override
    public int getxattr(Request request, long nodeId, String name, MemorySegment buffer) {
        PassthroughXattrs.viewName(name);
        return shared(() -> PassthroughXattrs.get(resolve(nodes.path(nodeId)), name, buffer));
    }

    @Override
    public int listxattr(Request request, long nodeId, MemorySegment buffer) {
        return shared(() -> PassthroughXattrs.list(resolve(nodes.path(nodeId)), buffer));
    }

    @Override
    public void removexattr(Request request, long nodeId, String name) {
        PassthroughXattrs.viewName(name);
        shared(() -> {
            PassthroughXattrs.remove(resolve(nodes.path(nodeId)), name);
            return null;
        });
    }

    @Override
    public void flush(Request request, long nodeId, long fh, long lockOwner) {
        files.get(fh);
    }

    @Override
    public void opendir(Request request, long nodeId, int flags, OpenReply reply) {
        shared(() -> {
            String path = nodes.path(nodeId);
            Path p = resolve(path);
            PassthroughStat self = PassthroughStat.read(p);
            if (!self.isDirectory()) {
                throw FuseException.of(Errno.ENOTDIR);
            }
            long parentIno = path.isEmpty() ? self.ino() : PassthroughStat.read(p.getParent()).ino();
            reply.fh(directories.add(PassthroughDirectory.read(p, self.ino(), parentIno)));
            return null;
        });
    }

    @Override
    public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
        DirectorySnapshots.readdir(directories.get(fh).entries(), offset, filler);
    }

    @Override
    public void readdirplus(Request request, long nodeId, long fh, long offset, DirectoryPlusFiller filler) {
        List<DirectoryEntry> entries = directories.get(fh).entries();
        shared(() -> {
            String directory = nodes.path(nodes.node(nodeId));
            Path base = directory == null ? null : resolveDirectory(directory);
            for (int i = DirectorySnapshots.start(offset, entries.size()); i < entries.size(); i++) {
                DirectoryEntry entry = entries.get(i);
                if (entry.isDot() || base == null) {
                    if (filler.add(entry.ino(), entry.name(), entry.type(), i + 1L) == null) {
                        break;
                    }
                    continue;
                }
                String path = childPath(directory, entry.name());
                PassthroughStat stat;
                try {
                    stat = PassthroughStat.read(base.resolve(entry.name()));
                } catch (IOException vanished) {
                    continue;
                }
                EntryReply reply = filler.add(stat.ino(), entry.name(), stat.type(), i + 1L);
                if (reply == null) {
                    break;
                }
                answer(reply, nodes.lookedUp(stat, path), stat);
            }
            return null;
        });
    }

    @Override
    public void releasedir(Request request, long nodeId, long fh, int flags) {
        directories.remove(fh);
    }

    @Override
    public void fsyncdir(Request request, long nodeId, long fh, boolean datasync) {
        shared(() -> {
            try (FileChannel channel = FileChannel.open(resolve(nodes.path(nodeId)), StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
                channel.force(!datasync);
            }
            return null;
        });
    }

    @Override
    public void access(Request request, long nodeId, int mask) {
        shared(() -> {
            Path p = resolve(nodes.path(nodeId));
            PassthroughStat stat = PassthroughStat.read(p);
            if (stat.isSymlink()) {
                return null;
            }
            if ((mask & R_OK) != 0 && !Files.isReadable(p)
                || (mask & W_OK) != 0 && !Files.isWritable(p)
                || (mask & X_OK) != 0 && !Files.isExecutable(p)) {
                throw FuseException.of(Errno.EACCES);
            }
            return null;
        });
    }

    @Override
    public void create(Request request, long parent, FileName name, int mode, int umask, int flags,
                       EntryReply entry, OpenReply open) {
        Set<OpenOption> options = PassthroughOpenFile.options(flags, writebackCache);
        int permissions = mode & ~umask & FileMode.PERMISSIONS;
        shared(() -> {
            String parentPath = nodes.path(parent);
            String path = child(parentPath, name);
            Path p = resolve(path);
            boolean created = createIfMissing(p, (flags & PassthroughOpenFile.O_EXCL) != 0);
            FileChannel channel = null;
            PassthroughStat stat;
            try {
                if (!created && PassthroughStat.read(p).isDirectory()) {
                    throw FuseException.of(Errno.EISDIR);
                }
                channel = FileChannel.open(p, options);
                stat = created ? adopt(request, parentPath, p, permissions) : PassthroughStat.read(p);
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
                if (created) {
                    Files.deleteIfExists(p);
                }
                throw e;
            }
            PassthroughNode node = nodes.lookedUp(stat, path);
            answer(entry, node, stat);
            open.fh(files.add(new PassthroughOpenFile(node, channel, options, again -> reopen(node, again))));
            if (kernelPassthrough) {
                open.passthrough(p);
            }
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Calls {@code fallocate(2)} with the same mode and range on a descriptor of the source file opened for
     * the call, so that every mode the source's file system supports works and its errno is answered as is.
     * A file with no name left (removed through the mount while open) only supports mode 0, which grows it
     * through its open channel; other modes answer {@code EOPNOTSUPP}.
     */
    @Override
    public void fallocate(Request request, long nodeId, long fh, int mode, long offset, long length) {
        PassthroughOpenFile file = files.get(fh);
        PassthroughDescriptor descriptor = shared(() -> openDescriptor(file.node(), LinuxConstants.O_WRONLY));
        if (descriptor == null) {
            shared(() -> {
                fallocateUnlinked(file, mode, offset, length);
                return null;
            });
            return;
        }
        try (descriptor) {
            descriptor.fallocate(mode, offset, length);
        } catch (NativeCallException e) {
            throw PassthroughErrors.toFuse(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Calls {@code lseek(2)} on a descriptor of the source file opened for the call, so that the holes of a
     * sparse source file are reported, and {@code ENXIO} at or past its end. A file with no name left (removed
     * through the mount while open) is treated as data from start to end: {@code SEEK_DATA} answers the offset
     * itself and {@code SEEK_HOLE} the file size.
     */
    @Override
    public long lseek(Request request, long nodeId, long fh, long offset, int whence) {
        if (whence != SEEK_DATA && whence != SEEK_HOLE) {
            throw FuseException.of(Errno.EINVAL);
        }
        PassthroughOpenFile file = files.get(fh);
        PassthroughDescriptor descriptor = shared(() -> openDescriptor(file.node(), LinuxConstants.O_RDONLY));
        if (descriptor == null) {
            long size = file.io(FileChannel::size);
            if (offset < 0 || offset >= size) {
                throw FuseException.of(Errno.ENXIO);
            }
            return whence == SEEK_DATA ? offset : size;
        }
        try (descriptor) {
            return descriptor.lseek(offset, whence);
        } catch (NativeCallException e) {
            throw PassthroughErrors.toFuse(e);
        }
    }

    @Override
    public long copyFileRange(Request request, long nodeIn, long fhIn, long offsetIn, long nodeOut, long fhOut,
                              long offsetOut, long length, int flags) {
        if (flags != 0 || offsetIn < 0 || offsetOut < 0 || length < 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        PassthroughOpenFile in = files.get(fhIn);
        PassthroughOpenFile out = files.get(fhOut);
        long wanted = Math.min(length, MAX_COPY);
        if (wanted == 0) {
            return 0;
        }
        out.positionLock().lock();
        try {
            return in.io(from -> out.io(to -> {
                to.position(offsetOut);
                long copied = 0;
                while (copied < wanted) {
                    long n = from.transferTo(offsetIn + copied, wanted - copied, to);
                    if (n <= 0) {
                        break;
                    }
                    copied += n;
                }
                return copied;
            }));
        } finally {
            out.positionLock().unlock();
        }
    }

    /**
     * Returns the node table, for tests.
     *
     * @return the nodes
     */
    PassthroughNodes nodes() {
        return nodes;
    }

    /**
     * Returns the open file of a handle, for tests.
     *
     * @param fh a handle from {@link #open} or {@link #create}
     * @return the open file, or null
     */
    PassthroughOpenFile openFile(long fh) {
        return files.find(fh);
    }

    /**
     * Returns the number of open files and open directories, for tests.
     *
     * @return the count of open handles
     */
    int openHandles() {
        return files.size() + directories.size();
    }

    // ---- path helpers ----

    /**
     * Returns the source path of a relative path, after checking that no directory above it is (any longer) a
     * symbolic link: each node's path was found without following links, but a directory may have been replaced
     * by a link directly in the source since. This costs one {@code realpath(3)} for paths below the top level
     * and is not atomic against a concurrent replacement.
     *
     * @param path a path relative to the source ("" for the source itself)
     * @return the path in the source directory
     * @throws FuseException {@code ENOENT} when a directory above the path is a symbolic link
     */
    private Path resolve(String path) throws IOException {
        if (path.isEmpty()) {
            return source;
        }
        Path p = source.resolve(path);
        if (path.indexOf('/') >= 0) {
            requireReal(p.getParent());
        }
        return p;
    }

    /**
     * Returns the source path of a directory whose entries are about to be used, checking the directory itself
     * too.
     */
    private Path resolveDirectory(String path) throws IOException {
        Path p = resolve(path);
        requireReal(p);
        return p;
    }

    private static void requireReal(Path directory) throws IOException {
        if (!directory.toRealPath().equals(directory)) {
            throw FuseException.of(Errno.ENOENT);
        }
    }

    // ---- locking ----

    private <T> T shared(NamespaceLock.IoAction<T> action) {
        return namespace.shared(action);
    }

    private <T> T exclusive(NamespaceLock.IoAction<T> action) {
        return namespace.exclusive(action);
    }

    // ---- attribute helpers ----

    private static void answer(EntryReply reply, PassthroughNode node, PassthroughStat stat) {
        reply.nodeId(node.id());
        stat.fill(reply.attributes());
    }

    private static PassthroughStat statIfExists(Path p) throws IOException {
        try {
            return PassthroughStat.read(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Returns a node's attributes: read at its path, or, once every name is gone, the last ones read, with no
     * links and the size seen through an open channel of the node when there is one (the request's own, or
     * any other).
     */
    private PassthroughStat stat(PassthroughNode node, PassthroughOpenFile file) throws IOException {
        String path = nodes.path(node);
        if (path != null) {
            try {
                PassthroughStat stat = PassthroughStat.read(resolve(path));
                node.lastStat(stat);
                return stat;
            } catch (NoSuchFileException e) {
                if (file == null) {
                    throw e;
                }
            }
        }
        return unlinkedStat(node, file);
    }

    private PassthroughStat unlinkedStat(PassthroughNode node, PassthroughOpenFile file) {
        PassthroughStat last = node.lastStat();
        if (last == null) {
            throw FuseException.of(Errno.ENOENT);
        }
        PassthroughOpenFile open = file != null ? file : files.findFirst(candidate -> candidate.node() == node);
        long size = open == null ? last.size() : open.io(FileChannel::size);
        return last.unlinked(size);
    }

    /** SETATTR of an open file whose every name is gone: only a size change through its channel works. */
    private PassthroughStat setattrUnlinked(PassthroughNode node, PassthroughOpenFile file,
                                                   SetattrRequest changes) throws IOException {
        boolean onlySize = changes.hasSize() && !changes.hasMode() && !changes.hasUid() && !changes.hasGid()
            && !changes.hasAtime() && !changes.hasMtime();
        if (!onlySize || file == null || file.append()) {
            throw FuseException.of(Errno.ENOENT);
        }
        resize(null, file, changes.size(), false);
        return unlinkedStat(node, file);
    }

    /**
     * Sets the size of a file: through the open file when given (and not in append mode), otherwise through a
     * channel opened on {@code p} for the purpose.
     *
     * @param p        the file's path, or null when only the open file can be used
     * @param file     the open file of the request, or null
     * @param size     the new size
     * @param growOnly true to leave a larger file alone (FALLOCATE)
     */
    private static void resize(Path p, PassthroughOpenFile file, long size, boolean growOnly) throws IOException {
        if (size < 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        if (file != null && !file.append()) {
            file.io(channel -> {
                resize(channel, size, growOnly);
                return null;
            });
            return;
        }
        if (p == null) {
            throw FuseException.of(Errno.ENOENT);
        }
        try (FileChannel channel = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            resize(channel, size, growOnly);
        }
    }

    /**
     * Opens a raw descriptor on the source file of a node, for one FALLOCATE or LSEEK. Call under the namespace
     * lock; use and close the descriptor after releasing it.
     *
     * @param node       the node of the open file
     * @param accessMode {@link LinuxConstants#O_RDONLY} or {@link LinuxConstants#O_WRONLY}
     * @return the descriptor, or null when the node has no name left
     */
    private PassthroughDescriptor openDescriptor(PassthroughNode node, int accessMode) throws IOException {
        String path = nodes.path(node);
        return path == null ? null : PassthroughDescriptor.open(resolve(path), accessMode, node.key());
    }

    /**
     * FALLOCATE on a file with no name left, through its open channel: mode 0 grows the file, other modes
     * answer {@code EOPNOTSUPP}.
     */
    private static void fallocateUnlinked(PassthroughOpenFile file, int mode, long offset, long length)
        throws IOException {
        if (mode != 0) {
            throw FuseException.of(Errno.EOPNOTSUPP);
        }
        if (offset < 0 || length <= 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        if (offset > Long.MAX_VALUE - length) {
            throw FuseException.of(Errno.EFBIG);
        }
        resize(null, file, offset + length, true);
    }

    private static void resize(FileChannel channel, long size, boolean growOnly) throws IOException {
        long current = channel.size();
        if (size < current && !growOnly) {
            channel.truncate(size);
        } else if (size > current) {
            channel.write(ByteBuffer.allocate(1), size - 1);
        }
    }

    /**
     * Changes the permission bits of a file that is not a symbolic link (Linux cannot change a link's mode).
     * Regular files and directories go through the no-follow view, which opens the file; other types use
     * {@code chmod(2)} by path, since opening a FIFO or a device could block or have side effects.
     */
    private static void setMode(Path p, int type, int permissions) throws IOException {
        if (type == FileMode.S_IFLNK) {
            throw FuseException.of(Errno.EOPNOTSUPP);
        }
        if (type == FileMode.S_IFREG || type == FileMode.S_IFDIR) {
            Files.setAttribute(p, "unix:mode", permissions, LinkOption.NOFOLLOW_LINKS);
        } else {
            Files.setAttribute(p, "unix:mode", permissions);
        }
    }

    /** Drops the setuid bit, and the setgid bit of a group-executable file, as a write by a non-root would. */
    private static void killSuidgid(Path p) throws IOException {
        PassthroughStat stat = PassthroughStat.read(p);
        int mode = stat.mode() & FileMode.PERMISSIONS;
        int killed = mode & ~FileMode.S_ISUID;
        if ((mode & S_IXGRP) != 0) {
            killed &= ~FileMode.S_ISGID;
        }
        if (killed != mode) {
            setMode(p, stat.type(), killed);
        }
    }

    private static void setTimes(Path p, int type, SetattrRequest changes) throws IOException {
        FileTime now = FileTime.from(Instant.now());
        FileTime atime = SetattrTimes.atime(changes, now);
        FileTime mtime = SetattrTimes.mtime(changes, now);
        BasicFileAttributeView view =
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (type != FileMode.S_IFIFO) {
            view.setTimes(mtime, atime, null);
            return;
        }
        // The view opens the file read-only, which blocks on a FIFO without a writer: be that writer.
        try (FileChannel _ = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
            view.setTimes(mtime, atime, null);
        }
    }

    // ---- creation helpers ----

    /**
     * Makes a just created node look as if the caller had created it: owned by the caller when the daemon is
     * root, with exactly the requested permission bits.
     *
     * @param request     the creating request
     * @param parentPath  the parent directory's path
     * @param p           the new node
     * @param permissions the wanted permission bits, or -1 to leave them (symbolic links)
     * @return the node's attributes afterwards
     */
    private PassthroughStat adopt(Request request, String parentPath, Path p, int permissions)
        throws IOException {
        PassthroughStat stat = PassthroughStat.read(p);
        boolean changed = false;
        if (runningAsRoot && (request.uid() != stat.uid() || request.gid() != stat.gid())) {
            boolean inheritGroup = (PassthroughStat.read(resolve(parentPath)).mode() & FileMode.S_ISGID) != 0;
            if (request.uid() != stat.uid()) {
                Files.setAttribute(p, "unix:uid", request.uid(), LinkOption.NOFOLLOW_LINKS);
                changed = true;
            }
            if (!inheritGroup && request.gid() != stat.gid()) {
                Files.setAttribute(p, "unix:gid", request.gid(), LinkOption.NOFOLLOW_LINKS);
                changed = true;
            }
        }
        if (permissions >= 0) {
            int wanted = permissions;
            if (stat.isDirectory()) {
                wanted |= stat.mode() & FileMode.S_ISGID;
            }
            if (changed || (stat.mode() & FileMode.PERMISSIONS) != wanted) {
                setMode(p, stat.type(), wanted);
                changed = true;
            }
        }
        return changed ? PassthroughStat.read(p) : stat;
    }

    private static boolean createIfMissing(Path p, boolean exclusive) throws IOException {
        try {
            Files.createFile(p, permissionsAttribute(0600));
            return true;
        } catch (FileAlreadyExistsException e) {
            if (exclusive) {
                throw e;
            }
            return false;
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> permissionsAttribute(int mode) {
        return PosixFilePermissions.asFileAttribute(PermissionBits.toSet(mode));
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The open failed or is being undone; there is nothing to save.
            }
        }
    }

    /**
     * Opens the file of a node again after an interrupt closed its channel, checking that the node's path still
     * names the same file.
     */
    private FileChannel reopen(PassthroughNode node, Set<OpenOption> options) {
        return shared(() -> {
            String path = nodes.path(node);
            if (path == null) {
                throw FuseException.of(Errno.EIO);
            }
            Path p = resolve(path);
            FileChannel channel = FileChannel.open(p, options);
            if (!PassthroughStat.read(p).key().equals(node.key())) {
                closeQuietly(channel);
                throw FuseException.of(Errno.EIO);
            }
            LOG.debug("reopened {} after an interrupt closed its channel", p);
            return channel;
        });
    }

    /** Returns the effective uid of this process (the owner of {@code /proc/self}), or -1 when unknown. */
    private static int processUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
