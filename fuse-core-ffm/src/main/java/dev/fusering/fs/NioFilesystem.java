package dev.fusering.fs;

import static dev.fusering.fs.RelativePaths.child;
import static dev.fusering.fs.RelativePaths.childPath;

import dev.fusering.api.AttrReply;
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
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a subtree of any {@code java.nio.file} {@link FileSystem} through FUSE: the default filesystem, a
 * zip archive ({@code jdk.zipfs}), an in-memory provider, or any other provider, so that existing Java
 * storage code can be mounted without writing FUSE code.
 *
 * <pre>{@code
 * try (FileSystem zip = FileSystems.newFileSystem(Path.of("site.zip"))) {
 *     try (RunningSession s = new Session(Path.of("/mnt/site"), MountOptions.defaults())
 *             .start(new NioFilesystem(zip.getPath("/")))) {
 *         s.awaitTermination();
 *     }
 * }
 * // or let the filesystem own the archive, which is then written when the session ends:
 * Filesystem fs = NioFilesystem.openZip(Path.of("site.zip"), false);
 * }</pre>
 *
 * <h2>Read-only</h2>
 * The tree is served read-only when asked to, or when the provider's filesystem or the root's
 * {@link FileStore} is read-only: every change then answers {@code EROFS} (so a read-only mount is not
 * needed, though {@link dev.fusering.api.MountOptions.Builder#readOnly(boolean)} lets the kernel refuse
 * earlier), and invented modes lose their write bits.
 *
 * <h2>Nodes</h2>
 * Nodes are identified by path (see {@link NioNodes}): each path keeps one node id while it keeps its name,
 * RENAME moves the ids of the renamed entry and of everything below it, and FORGET drops nodes the kernel no
 * longer holds. Hard links made through the mount are separate nodes.
 *
 * <h2>Attributes</h2>
 * From the {@code unix} view when the provider has it (the default provider on Linux: mode, owner, inode
 * number, link count, device, nanosecond times), else from {@code posix}, else from {@code basic} with
 * invented modes and the daemon's owner (see {@link NioAttributeReader}). The inode number is the node id
 * when the provider has none. {@code st_blocks} is the size in 512-byte units.
 *
 * <h2>What the provider decides</h2>
 * <ul>
 *   <li>Files are opened with {@link FileChannel#open} (positional I/O without a lock); a provider without
 *       file channels gets {@link Files#newByteChannel} (see {@link NioOpenFile}). {@code O_APPEND} is left
 *       to the kernel's offsets.</li>
 *   <li>CHMOD needs the {@code unix} view (all of {@code 07777}) or the {@code posix} view (setuid, setgid
 *       and sticky bits are not stored); CHOWN needs the {@code unix} view; otherwise they answer
 *       {@code EPERM}. SETATTR ignores an explicit change time.</li>
 *   <li>With the {@code unix} view and a daemon running as root, new entries are given to the calling user
 *       and group (the group of a set-group-ID parent is kept) and get exactly {@code mode & ~umask}. Such a
 *       daemon acts with root's rights on the served tree: mount with {@code default_permissions} so that
 *       the kernel checks the callers' rights against the served modes.</li>
 *   <li>FALLOCATE supports mode 0 only (extending with zeros), other modes answer {@code EOPNOTSUPP};
 *       {@code lseek(SEEK_DATA/SEEK_HOLE)} is left to the kernel (no holes reported).</li>
 *   <li>SYMLINK and LINK answer {@code EPERM} when the provider cannot create links; MKNOD creates regular
 *       files only ({@code EPERM} for other types).</li>
 *   <li>RENAME with flags 0 is {@link Files#move} (an atomic {@code rename(2)} on the default provider);
 *       {@code RENAME_NOREPLACE} is honoured (checked, not atomic); {@code RENAME_EXCHANGE} answers
 *       {@code EINVAL}. Outside the default provider a non-empty directory is moved entry by entry, since
 *       providers such as zipfs only move the directory entry itself.</li>
 *   <li>Extended attributes use the {@code user} view when the provider has one (see {@link NioXattrs}).</li>
 *   <li>STATFS reports the root's {@link FileStore}, with 4096-byte blocks when it has no block size.</li>
 *   <li>Exceptions become errno values in one place, {@link NioErrors}: {@code ReadOnlyFileSystemException}
 *       is {@code EROFS}, other {@code UnsupportedOperationException}s {@code EOPNOTSUPP}, the
 *       {@code FileSystemException}s their natural errno, the rest {@code EIO} (logged).</li>
 *   <li>A file whose name was removed while it is open keeps working through its open handles: GETATTR
 *       answers its last attributes with a link count of 0 and the size of an open channel, SETATTR can only
 *       change its size through a handle opened for writing.</li>
 *   <li>Outside the default provider, bytes written through a channel may only reach the file when the
 *       channel is closed (zipfs works on a temporary copy): GETATTR then reports the size of a channel open
 *       for writing, and other opens see the new content after the writer's RELEASE.</li>
 *   <li>A request interrupted while it reads or writes closes the file's channel (the JDK's rule for
 *       interruptible channels); later requests on that handle answer {@code EBADF}.</li>
 * </ul>
 *
 * <h2>Zip archives</h2>
 * The zip provider writes the archive when its {@link FileSystem} is closed. {@link #openZip} and
 * {@link #closeOnDestroy(AutoCloseable)} make {@link #destroy()} close it once the session has ended, so
 * changes made through the mount are persisted at unmount; a daemon killed with {@code SIGKILL} loses them.
 *
 * <h2>Thread-safety</h2>
 * All methods may be called concurrently. Name operations share a read lock; RENAME holds it exclusively so
 * that the paths it rewrites are never seen half-updated. A provider that is not thread-safe must be
 * mounted with a single worker in {@link dev.fusering.api.DispatchMode#INLINE} mode.
 */
public final class NioFilesystem implements Filesystem {

    private static final Logger LOG = LoggerFactory.getLogger(NioFilesystem.class);

    /** {@code RENAME_NOREPLACE}. */
    private static final int RENAME_NOREPLACE = 1;
    /** {@code O_ACCMODE} of open(2). */
    private static final int O_ACCMODE = 3;
    /** {@code O_WRONLY}. */
    private static final int O_WRONLY = 1;
    /** {@code O_RDWR}. */
    private static final int O_RDWR = 2;
    /** {@code O_TRUNC}. */
    private static final int O_TRUNC = 01000;
    /** The longest name reported by STATFS. */
    private static final int MAX_NAME_LENGTH = 255;

    private final Path root;
    private final boolean readOnly;
    private final boolean defaultProvider;
    private final NioAttributeReader attributes;
    private final NioXattrs xattrs;
    private final NioNodes nodes = new NioNodes();
    private final PassthroughHandles<NioOpenFile> files = new PassthroughHandles<>();
    private final PassthroughHandles<NioDirectory> directories = new PassthroughHandles<>();
    private final NamespaceLock namespace = new NamespaceLock(NioErrors::toFuse);
    private final List<AutoCloseable> closeOnDestroy = new ArrayList<>();
    private final boolean runningAsRoot;

    /**
     * Serves the directory {@code root}, writable unless its filesystem or store is read-only.
     *
     * @param root an existing directory of any provider
     * @throws IllegalArgumentException when {@code root} is not an existing directory
     */
    public NioFilesystem(Path root) {
        this(root, false);
    }

    /**
     * Serves the directory {@code root}.
     *
     * @param root     an existing directory of any provider
     * @param readOnly true to refuse every change with {@code EROFS}; when false the tree is still read-only
     *                 if its filesystem or store is
     * @throws IllegalArgumentException when {@code root} is not an existing directory
     */
    public NioFilesystem(Path root, boolean readOnly) {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("nio root is not an existing directory: " + root);
        }
        this.root = root.toAbsolutePath();
        FileSystem fs = root.getFileSystem();
        this.readOnly = readOnly || fs.isReadOnly() || storeIsReadOnly(this.root);
        this.defaultProvider = fs == FileSystems.getDefault();
        Set<String> views = fs.supportedFileAttributeViews();
        this.attributes = new NioAttributeReader(views, this.readOnly, processId("unix:uid"), processId("unix:gid"));
        this.xattrs = new NioXattrs(views.contains("user"));
        this.runningAsRoot = processId("unix:uid") == 0;
    }

    /**
     * Opens a zip archive with {@code jdk.zipfs} and serves it from its root; the archive's filesystem is
     * closed (and, when writable, the archive rewritten) by {@link #destroy()}.
     *
     * @param zipFile  an existing zip archive
     * @param readOnly true to open the archive read-only
     * @return the filesystem, owning the archive
     * @throws IOException when the archive cannot be opened
     */
    public static NioFilesystem openZip(Path zipFile, boolean readOnly) throws IOException {
        Map<String, ?> env = readOnly ? Map.of("accessMode", "readOnly") : Map.of();
        FileSystem zip = FileSystems.newFileSystem(zipFile, env);
        try {
            return new NioFilesystem(zip.getPath("/"), readOnly).closeOnDestroy(zip);
        } catch (RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /**
     * Registers something to close in {@link #destroy()}, after the last open file, for example the zip
     * {@link FileSystem} the root belongs to. Resources are closed in registration order.
     *
     * @param resource what to close
     * @return this
     */
    public NioFilesystem closeOnDestroy(AutoCloseable resource) {
        synchronized (closeOnDestroy) {
            closeOnDestroy.add(Objects.requireNonNull(resource, "resource"));
        }
        return this;
    }

    /**
     * Returns the served directory.
     *
     * @return the root, as an absolute path of its provider
     */
    public Path root() {
        return root;
    }

    /**
     * Tells whether changes are refused with {@code EROFS}.
     *
     * @return true when read-only
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** Closes every file still open, then what was registered with {@link #closeOnDestroy}. */
    @Override
    public void destroy() {
        for (NioOpenFile file : files.removeAll()) {
            closeQuietly(file);
        }
        directories.removeAll();
        List<AutoCloseable> resources;
        synchronized (closeOnDestroy) {
            resources = List.copyOf(closeOnDestroy);
            closeOnDestroy.clear();
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.error("nio: closing {} failed; changes may be lost", resource, e);
            }
        }
    }

    @Override
    public void lookup(Request request, long parent, FileName name, EntryReply reply) {
        shared(() -> {
            String path = child(nodes.path(parent), name);
            answer(reply, path);
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
            NioNode node = nodes.node(nodeId);
            String path = nodes.pathOf(node);
            NioStat stat;
            if (path == null) {
                stat = lastStat(node).withNlink(0);
            } else {
                stat = attributes.read(resolve(path));
                node.lastStat(stat);
            }
            stat = withOpenSize(stat, fh, nodeId, path == null);
            stat.fill(reply.attributes(), nodeId);
            return null;
        });
    }

    @Override
    public void setattr(Request request, long nodeId, SetattrRequest changes, AttrReply reply) {
        refuseIfReadOnly();
        shared(() -> {
            NioNode node = nodes.node(nodeId);
            if (nodes.pathOf(node) == null) {
                setattrUnlinked(node, changes).fill(reply.attributes(), nodeId);
                return null;
            }
            Path p = resolve(nodes.path(nodeId));
            if (changes.hasUid() || changes.hasGid()) {
                if (attributes.view() != NioAttributeReader.View.UNIX) {
                    throw FuseException.of(Errno.EPERM);
                }
                if (changes.hasUid()) {
                    Files.setAttribute(p, "unix:uid", changes.uid(), LinkOption.NOFOLLOW_LINKS);
                }
                if (changes.hasGid()) {
                    Files.setAttribute(p, "unix:gid", changes.gid(), LinkOption.NOFOLLOW_LINKS);
                }
            }
            if (changes.hasSize()) {
                resize(p, changes.hasFh() ? files.find(changes.fh()) : null, changes.size());
            }
            if (changes.hasMode()) {
                if (attributes.view() == NioAttributeReader.View.BASIC) {
                    throw FuseException.of(Errno.EPERM);
                }
                if (FileMode.isSymlink(attributes.read(p).mode())) {
                    throw FuseException.of(Errno.EOPNOTSUPP);
                }
                applyMode(p, changes.mode());
            }
            if (changes.hasAtime() || changes.hasMtime()) {
                FileTime now = FileTime.from(Instant.now());
                Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(SetattrTimes.mtime(changes, now), SetattrTimes.atime(changes, now), null);
            }
            NioStat stat = attributes.read(p);
            node.lastStat(stat);
            stat = withOpenSize(stat, changes.hasFh() ? changes.fh() : NO_FH, nodeId, false);
            stat.fill(reply.attributes(), nodeId);
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
            throw FuseException.of(Errno.EPERM);
        }
        refuseIfReadOnly();
        shared(() -> {
            String path = child(nodes.path(parent), name);
            Path p = resolve(path);
            Files.createFile(p);
            adopt(request, p);
            applyMode(p, mode & ~umask);
            answer(reply, path);
            return null;
        });
    }

    @Override
    public void mkdir(Request request, long parent, FileName name, int mode, int umask, EntryReply reply) {
        refuseIfReadOnly();
        shared(() -> {
            String path = child(nodes.path(parent), name);
            Path p = resolve(path);
            Files.createDirectory(p);
            adopt(request, p);
            applyMode(p, (mode & ~umask) | (attributes.read(p).mode() & FileMode.S_ISGID));
            answer(reply, path);
            return null;
        });
    }

    @Override
    public void unlink(Request request, long parent, FileName name) {
        refuseIfReadOnly();
        shared(() -> {
            String path = child(nodes.path(parent), name);
            Path p = resolve(path);
            if (attributes.read(p).isDirectory()) {
                throw FuseException.of(Errno.EISDIR);
            }
            Files.delete(p);
            nodes.removed(path, false);
            return null;
        });
    }

    @Override
    public void rmdir(Request request, long parent, FileName name) {
        refuseIfReadOnly();
        shared(() -> {
            String path = child(nodes.path(parent), name);
            Path p = resolve(path);
            if (!attributes.read(p).isDirectory()) {
                throw FuseException.of(Errno.ENOTDIR);
            }
            if (DirectorySnapshots.hasEntries(p)) {
                throw FuseException.of(Errno.ENOTEMPTY);
            }
            Files.delete(p);
            nodes.removed(path, true);
            return null;
        });
    }

    @Override
    public void symlink(Request request, long parent, FileName name, String target, EntryReply reply) {
        refuseIfReadOnly();
        shared(() -> {
            String path = child(nodes.path(parent), name);
            Path p = resolve(path);
            try {
                Files.createSymbolicLink(p, p.getFileSystem().getPath(target));
            } catch (UnsupportedOperationException e) {
                throw linkRefusal(e);
            }
            adopt(request, p);
            answer(reply, path);
            return null;
        });
    }

    @Override
    public void link(Request request, long nodeId, long newParent, FileName newName, EntryReply reply) {
        refuseIfReadOnly();
        shared(() -> {
            Path existing = resolve(nodes.path(nodeId));
            String path = child(nodes.path(newParent), newName);
            try {
                Files.createLink(resolve(path), existing);
            } catch (UnsupportedOperationException e) {
                throw linkRefusal(e);
            }
            answer(reply, path);
            return null;
        });
    }

    @Override
    public void rename(Request request, long parent, FileName name, long newParent, FileName newName,
                       int flags) {
        if ((flags & ~RENAME_NOREPLACE) != 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        refuseIfReadOnly();
        exclusive(() -> {
            String from = child(nodes.path(parent), name);
            String to = child(nodes.path(newParent), newName);
            Path source = resolve(from);
            Path target = resolve(to);
            NioStat moved = attributes.read(source);
            if (from.equals(to)) {
                return null;
            }
            if (to.startsWith(from + "/")) {
                throw FuseException.of(Errno.EINVAL);
            }
            NioStat replaced = statOrNull(target);
            if (replaced != null) {
                if ((flags & RENAME_NOREPLACE) != 0) {
                    throw FuseException.of(Errno.EEXIST);
                }
                if (moved.isDirectory() && !replaced.isDirectory()) {
                    throw FuseException.of(Errno.ENOTDIR);
                }
                if (!moved.isDirectory() && replaced.isDirectory()) {
                    throw FuseException.of(Errno.EISDIR);
                }
                if (replaced.isDirectory() && DirectorySnapshots.hasEntries(target)) {
                    throw FuseException.of(Errno.ENOTEMPTY);
                }
            }
            if (defaultProvider) {
                Files.move(source, target, replaced != null ? new StandardCopyOption[] {StandardCopyOption.ATOMIC_MOVE}
                    : new StandardCopyOption[0]);
            } else if (moved.isDirectory() && DirectorySnapshots.hasEntries(source)) {
                if (replaced != null) {
                    Files.delete(target);
                }
                moveTree(source, target);
            } else {
                Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
            nodes.renamed(from, to, moved.isDirectory());
            return null;
        });
    }

    @Override
    public void open(Request request, long nodeId, int flags, OpenReply reply) {
        boolean write = (flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR;
        if (write || (flags & O_TRUNC) != 0) {
            refuseIfReadOnly();
        }
        shared(() -> {
            Path p = resolve(nodes.path(nodeId));
            Set<OpenOption> options = new HashSet<>();
            if ((flags & O_ACCMODE) != O_WRONLY) {
                options.add(StandardOpenOption.READ);
            }
            if (write) {
                options.add(StandardOpenOption.WRITE);
                if ((flags & O_TRUNC) != 0) {
                    options.add(StandardOpenOption.TRUNCATE_EXISTING);
                }
            }
            NioOpenFile file = openChannel(p, options, write, nodeId);
            if ((flags & O_TRUNC) != 0 && !write) {
                resize(p, null, 0);
            }
            reply.fh(files.add(file));
            return null;
        });
    }

    @Override
    public void create(Request request, long parent, FileName name, int mode, int umask, int flags,
                       EntryReply entry, OpenReply open) {
        refuseIfReadOnly();
        shared(() -> {
            String path = child(nodes.path(parent), name);
            Path p = resolve(path);
            // created first, then opened: providers such as zipfs only add an entry written through a
            // channel when that channel is closed
            Files.createFile(p);
            Set<OpenOption> options = new HashSet<>();
            options.add(StandardOpenOption.WRITE);
            if ((flags & O_ACCMODE) != O_WRONLY) {
                options.add(StandardOpenOption.READ);
            }
            adopt(request, p);
            applyMode(p, mode & ~umask);
            NioOpenFile file = openChannel(p, options, true, nodes.idOf(path));
            try {
                answer(entry, path);
            } catch (IOException | RuntimeException e) {
                closeQuietly(file);
                throw e;
            }
            open.fh(files.add(file));
            return null;
        });
    }

    @Override
    public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
        NioOpenFile file = files.get(fh);
        try {
            return file.read(offset, buffer);
        } catch (IOException | RuntimeException e) {
            throw NioErrors.toFuse(e);
        }
    }

    @Override
    public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
        NioOpenFile file = files.get(fh);
        if (!file.writable()) {
            throw FuseException.of(Errno.EBADF);
        }
        try {
            return file.write(offset, data);
        } catch (IOException | RuntimeException e) {
            throw NioErrors.toFuse(e);
        }
    }

    /** Mode 0 only: extends the file with zeros up to {@code offset + length}; other modes EOPNOTSUPP. */
    @Override
    public void fallocate(Request request, long nodeId, long fh, int mode, long offset, long length) {
        if (mode != 0) {
            throw FuseException.of(Errno.EOPNOTSUPP);
        }
        if (offset < 0 || length <= 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        NioOpenFile file = files.get(fh);
        if (!file.writable()) {
            throw FuseException.of(Errno.EBADF);
        }
        try {
            if (file.size() < offset + length) {
                file.resize(offset + length);
            }
        } catch (IOException | RuntimeException e) {
            throw NioErrors.toFuse(e);
        }
    }

    @Override
    public void fsync(Request request, long nodeId, long fh, boolean datasync) {
        NioOpenFile file = files.find(fh);
        if (file == null) {
            return;
        }
        try {
            file.force(!datasync);
        } catch (IOException | RuntimeException e) {
            throw NioErrors.toFuse(e);
        }
    }

    @Override
    public void release(Request request, long nodeId, long fh, int flags) {
        NioOpenFile file = files.remove(fh);
        if (file != null) {
            try {
                file.close();
            } catch (IOException | RuntimeException e) {
                throw NioErrors.toFuse(e);
            }
        }
    }

    @Override
    public void opendir(Request request, long nodeId, int flags, OpenReply reply) {
        shared(() -> {
            String path = nodes.path(nodeId);
            reply.fh(directories.add(list(path)));
            return null;
        });
    }

    @Override
    public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
        DirectorySnapshots.readdir(directories.get(fh).entries(), offset, filler);
    }

    @Override
    public void readdirplus(Request request, long nodeId, long fh, long offset, DirectoryPlusFiller filler) {
        NioDirectory directory = directories.get(fh);
        List<DirectoryEntry> entries = directory.entries();
        shared(() -> {
            for (int i = DirectorySnapshots.start(offset, entries.size()); i < entries.size(); i++) {
                DirectoryEntry e = entries.get(i);
                NioStat stat = null;
                String path = null;
                if (!e.isDot()) {
                    path = childPath(directory.path(), e.name());
                    stat = statOrNull(resolve(path));
                }
                EntryReply reply = filler.add(e.ino(), e.name(), stat != null ? stat.type() : e.type(), i + 1);
                if (reply == null) {
                    return null;
                }
                if (stat != null) {
                    NioNode node = nodes.lookedUp(path, stat);
                    reply.nodeId(node.id());
                    stat.fill(reply.attributes(), node.id());
                }
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
    }

    @Override
    public void statfs(Request request, long nodeId, StatfsReply reply) {
        shared(() -> {
            FileStore store = Files.getFileStore(root);
            long blockSize;
            try {
                blockSize = store.getBlockSize();
            } catch (UnsupportedOperationException e) {
                blockSize = NioStat.BLOCK_SIZE;
            }
            int unit = Math.clamp(blockSize, 512, 1 << 20);
            reply.blockSize(unit).fragmentSize(unit).maxNameLength(MAX_NAME_LENGTH)
                .blocks(store.getTotalSpace() / unit)
                .blocksFree(store.getUnallocatedSpace() / unit)
                .blocksAvailable(store.getUsableSpace() / unit);
            return null;
        });
    }

    @Override
    public void setxattr(Request request, long nodeId, String name, MemorySegment value, int flags) {
        refuseIfReadOnly();
        shared(() -> {
            xattrs.set(resolve(nodes.path(nodeId)), name, value, flags);
            return null;
        });
    }

    @Override
    public int getxattr(Request request, long nodeId, String name, MemorySegment buffer) {
        return shared(() -> xattrs.get(resolve(nodes.path(nodeId)), name, buffer));
    }

    @Override
    public int listxattr(Request request, long nodeId, MemorySegment buffer) {
        return shared(() -> xattrs.list(resolve(nodes.path(nodeId)), buffer));
    }

    @Override
    public void removexattr(Request request, long nodeId, String name) {
        refuseIfReadOnly();
        shared(() -> {
            xattrs.remove(resolve(nodes.path(nodeId)), name);
            return null;
        });
    }

    /**
     * Returns the number of lookups the kernel holds on a node, for tests and diagnostics.
     *
     * @param nodeId the node id
     * @return the count, 0 when the node is not live
     */
    long lookups(long nodeId) {
        return nodes.lookups(nodeId);
    }

    // ---- helpers ----

    private NioNode answer(EntryReply reply, String path) throws IOException {
        NioStat stat = attributes.read(resolve(path));
        NioNode node = nodes.lookedUp(path, stat);
        reply.nodeId(node.id());
        stat.fill(reply.attributes(), node.id());
        return node;
    }

    /**
     * With the {@code unix} view and a daemon running as root, gives a new entry to the calling user, and to
     * the calling group unless the provider gave it the group of a set-group-ID parent.
     */
    private void adopt(Request request, Path p) throws IOException {
        if (attributes.view() != NioAttributeReader.View.UNIX || !runningAsRoot) {
            return;
        }
        Path parent = p.getParent();
        boolean inheritGroup = parent != null && (attributes.read(parent).mode() & FileMode.S_ISGID) != 0;
        Files.setAttribute(p, "unix:uid", request.uid(), LinkOption.NOFOLLOW_LINKS);
        if (!inheritGroup) {
            Files.setAttribute(p, "unix:gid", request.gid(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    private NioDirectory list(String path) throws IOException {
        Path dir = resolve(path);
        long self = nodes.idOf(path);
        long selfIno = attributes.read(dir).inode(self);
        List<DirectoryEntry> entries = DirectorySnapshots.withDots(selfIno, selfIno);
        for (Path child : DirectorySnapshots.children(dir)) {
            String name = nameOf(child);
            if (name.isEmpty()) {
                continue;
            }
            String childPath = childPath(path, name);
            NioStat stat = statOrNull(child);
            if (stat != null) {
                entries.add(new DirectoryEntry(name, stat.inode(nodes.idOf(childPath)), stat.type()));
            }
        }
        return new NioDirectory(path, entries);
    }

    private static String nameOf(Path child) {
        Path name = child.getFileName();
        if (name == null) {
            return "";
        }
        String s = name.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private NioOpenFile openChannel(Path p, Set<OpenOption> options, boolean writable, long nodeId)
            throws IOException {
        SeekableByteChannel channel;
        try {
            channel = FileChannel.open(p, options);
        } catch (UnsupportedOperationException e) {
            if (e instanceof ReadOnlyFileSystemException) {
                throw e;
            }
            channel = Files.newByteChannel(p, options);
        }
        return new NioOpenFile(channel, writable, nodeId);
    }

    /**
     * Outside the default provider, what a channel writes may reach the file only when the channel is
     * closed (zipfs): the size of a file open for writing is then the channel's.
     */
    private NioStat withOpenSize(NioStat stat, long fh, long nodeId, boolean unlinked) throws IOException {
        if ((defaultProvider && !unlinked) || stat.isDirectory() || files.size() == 0) {
            return stat;
        }
        NioOpenFile open = files.find(fh);
        if (open == null || !open.writable()) {
            open = files.findFirst(f -> (f.writable() || unlinked) && f.nodeId() == nodeId);
        }
        return open == null ? stat : stat.withSize(open.size());
    }

    /** SETATTR of a file whose last name was removed: only a size change through an open handle applies. */
    private NioStat setattrUnlinked(NioNode node, SetattrRequest changes) throws IOException {
        NioStat stat = lastStat(node).withNlink(0);
        if (changes.hasSize()) {
            NioOpenFile open = changes.hasFh() ? files.find(changes.fh()) : null;
            if (open == null || !open.writable()) {
                throw FuseException.of(Errno.ENOENT);
            }
            open.resize(changes.size());
            stat = stat.withSize(changes.size());
            node.lastStat(stat);
        }
        return withOpenSize(stat, changes.hasFh() ? changes.fh() : NO_FH, node.id(), true);
    }

    private void resize(Path p, NioOpenFile open, long size) throws IOException {
        if (open != null && open.writable()) {
            open.resize(size);
            return;
        }
        NioOpenFile file = openChannel(p, Set.of(StandardOpenOption.WRITE), true, 0);
        try {
            file.resize(size);
        } finally {
            file.close();
        }
    }

    private void applyMode(Path p, int mode) throws IOException {
        if (attributes.view() == NioAttributeReader.View.BASIC) {
            return;
        }
        try {
            if (attributes.view() == NioAttributeReader.View.UNIX) {
                Files.setAttribute(p, "unix:mode", mode & FileMode.PERMISSIONS, LinkOption.NOFOLLOW_LINKS);
            } else {
                Files.setPosixFilePermissions(p, PermissionBits.toSet(mode));
            }
        } catch (UnsupportedOperationException e) {
            LOG.debug("nio: cannot set the mode of {}: {}", p, e.toString());
        }
    }

    private void moveTree(Path source, Path target) throws IOException {
        Files.createDirectory(target);
        for (Path child : DirectorySnapshots.children(source)) {
            Path moved = target.resolve(nameOf(child));
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && DirectorySnapshots.hasEntries(child)) {
                moveTree(child, moved);
            } else {
                Files.move(child, moved);
            }
        }
        Files.delete(source);
    }

    private NioStat statOrNull(Path p) throws IOException {
        try {
            return attributes.read(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static NioStat lastStat(NioNode node) {
        NioStat stat = node.lastStat();
        if (stat == null) {
            throw FuseException.of(Errno.ENOENT);
        }
        return stat;
    }

    /** Linux answers EPERM when a filesystem cannot make links; a read-only one stays EROFS. */
    private static FuseException linkRefusal(UnsupportedOperationException e) {
        return FuseException.of(e instanceof ReadOnlyFileSystemException ? Errno.EROFS : Errno.EPERM);
    }

    private void refuseIfReadOnly() {
        if (readOnly) {
            throw FuseException.of(Errno.EROFS);
        }
    }

    private Path resolve(String path) {
        return path.isEmpty() ? root : root.resolve(path);
    }

    private static void closeQuietly(NioOpenFile file) {
        try {
            file.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("nio: closing a file failed: {}", e.toString());
        }
    }

    private static boolean storeIsReadOnly(Path root) {
        try {
            return Files.getFileStore(root).isReadOnly();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int processId(String attribute) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    // ---- locking ----

    private <T> T shared(NamespaceLock.IoAction<T> action) {
        return namespace.shared(action);
    }

    private <T> T exclusive(NamespaceLock.IoAction<T> action) {
        return namespace.exclusive(action);
    }
}
