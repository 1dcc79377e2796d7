package dev.fusering.testing;

import dev.fusering.api.AttrReply;
import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.FileLock;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.api.SetattrRequest;
import dev.fusering.api.StatfsReply;
import dev.fusering.api.StatxReply;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A {@link Filesystem} that forwards every method to another one; tests subclass it to change one
 * operation (for example to make a read slow).
 *
 * <p>Because it overrides every method, the engine treats all optional operations as implemented (it
 * negotiates READDIRPLUS, for instance); methods the delegate does not implement answer {@code ENOSYS}
 * through the delegate's defaults, which the kernel handles like a missing implementation for most
 * operations, but not for READDIRPLUS: list directories through such a wrapper only when the delegate
 * implements {@link Filesystem#readdirplus}.
 */
public class ForwardingFilesystem implements Filesystem {

    private final Filesystem delegate;

    /**
     * Creates a forwarder.
     *
     * @param delegate the filesystem that does the work
     */
    public ForwardingFilesystem(Filesystem delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the filesystem every call is forwarded to */
    protected Filesystem delegate() {
        return delegate;
    }

    @Override
    public void init(ConnectionInfo connection) {
        delegate.init(connection);
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public void lookup(Request request, long parent, FileName name, EntryReply reply) {
        delegate.lookup(request, parent, name, reply);
    }

    @Override
    public void forget(long nodeId, long nlookup) {
        delegate.forget(nodeId, nlookup);
    }

    @Override
    public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
        delegate.getattr(request, nodeId, fh, reply);
    }

    @Override
    public void statx(Request request, long nodeId, long fh, int flags, int mask, StatxReply reply) {
        delegate.statx(request, nodeId, fh, flags, mask, reply);
    }

    @Override
    public void setattr(Request request, long nodeId, SetattrRequest changes, AttrReply reply) {
        delegate.setattr(request, nodeId, changes, reply);
    }

    @Override
    public String readlink(Request request, long nodeId) {
        return delegate.readlink(request, nodeId);
    }

    @Override
    public void mknod(Request request, long parent, FileName name, int mode, int rdev, int umask,
                      EntryReply reply) {
        delegate.mknod(request, parent, name, mode, rdev, umask, reply);
    }

    @Override
    public void mkdir(Request request, long parent, FileName name, int mode, int umask, EntryReply reply) {
        delegate.mkdir(request, parent, name, mode, umask, reply);
    }

    @Override
    public void unlink(Request request, long parent, FileName name) {
        delegate.unlink(request, parent, name);
    }

    @Override
    public void rmdir(Request request, long parent, FileName name) {
        delegate.rmdir(request, parent, name);
    }

    @Override
    public void symlink(Request request, long parent, FileName name, String target, EntryReply reply) {
        delegate.symlink(request, parent, name, target, reply);
    }

    @Override
    public void rename(Request request, long parent, FileName name, long newParent, FileName newName,
                       int flags) {
        delegate.rename(request, parent, name, newParent, newName, flags);
    }

    @Override
    public void link(Request request, long nodeId, long newParent, FileName newName, EntryReply reply) {
        delegate.link(request, nodeId, newParent, newName, reply);
    }

    @Override
    public void open(Request request, long nodeId, int flags, OpenReply reply) {
        delegate.open(request, nodeId, flags, reply);
    }

    @Override
    public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
        return delegate.read(request, nodeId, fh, offset, buffer);
    }

    @Override
    public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
        return delegate.write(request, nodeId, fh, offset, data, writeFlags);
    }

    @Override
    public void statfs(Request request, long nodeId, StatfsReply reply) {
        delegate.statfs(request, nodeId, reply);
    }

    @Override
    public void release(Request request, long nodeId, long fh, int flags) {
        delegate.release(request, nodeId, fh, flags);
    }

    @Override
    public void fsync(Request request, long nodeId, long fh, boolean datasync) {
        delegate.fsync(request, nodeId, fh, datasync);
    }

    @Override
    public void setxattr(Request request, long nodeId, String name, MemorySegment value, int flags) {
        delegate.setxattr(request, nodeId, name, value, flags);
    }

    @Override
    public int getxattr(Request request, long nodeId, String name, MemorySegment buffer) {
        return delegate.getxattr(request, nodeId, name, buffer);
    }

    @Override
    public int listxattr(Request request, long nodeId, MemorySegment buffer) {
        return delegate.listxattr(request, nodeId, buffer);
    }

    @Override
    public void removexattr(Request request, long nodeId, String name) {
        delegate.removexattr(request, nodeId, name);
    }

    @Override
    public void flush(Request request, long nodeId, long fh, long lockOwner) {
        delegate.flush(request, nodeId, fh, lockOwner);
    }

    @Override
    public FileLock getlk(Request request, long nodeId, long fh, FileLock lock) {
        return delegate.getlk(request, nodeId, fh, lock);
    }

    @Override
    public void setlk(Request request, long nodeId, long fh, FileLock lock, boolean sleep) {
        delegate.setlk(request, nodeId, fh, lock, sleep);
    }

    @Override
    public void flock(Request request, long nodeId, long fh, long owner, FileLock.Type type, boolean sleep) {
        delegate.flock(request, nodeId, fh, owner, type, sleep);
    }

    @Override
    public void opendir(Request request, long nodeId, int flags, OpenReply reply) {
        delegate.opendir(request, nodeId, flags, reply);
    }

    @Override
    public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
        delegate.readdir(request, nodeId, fh, offset, filler);
    }

    @Override
    public void readdirplus(Request request, long nodeId, long fh, long offset, DirectoryPlusFiller filler) {
        delegate.readdirplus(request, nodeId, fh, offset, filler);
    }

    @Override
    public void releasedir(Request request, long nodeId, long fh, int flags) {
        delegate.releasedir(request, nodeId, fh, flags);
    }

    @Override
    public void fsyncdir(Request request, long nodeId, long fh, boolean datasync) {
        delegate.fsyncdir(request, nodeId, fh, datasync);
    }

    @Override
    public void access(Request request, long nodeId, int mask) {
        delegate.access(request, nodeId, mask);
    }

    @Override
    public void create(Request request, long parent, FileName name, int mode, int umask, int flags,
                       EntryReply entry, OpenReply open) {
        delegate.create(request, parent, name, mode, umask, flags, entry, open);
    }

    @Override
    public long bmap(Request request, long nodeId, int blockSize, long block) {
        return delegate.bmap(request, nodeId, blockSize, block);
    }

    @Override
    public int ioctl(Request request, long nodeId, long fh, int flags, int cmd, long arg, MemorySegment in,
                     MemorySegment out) {
        return delegate.ioctl(request, nodeId, fh, flags, cmd, arg, in, out);
    }

    @Override
    public void fallocate(Request request, long nodeId, long fh, int mode, long offset, long length) {
        delegate.fallocate(request, nodeId, fh, mode, offset, length);
    }

    @Override
    public long lseek(Request request, long nodeId, long fh, long offset, int whence) {
        return delegate.lseek(request, nodeId, fh, offset, whence);
    }

    @Override
    public long copyFileRange(Request request, long nodeIn, long fhIn, long offsetIn, long nodeOut, long fhOut,
                              long offsetOut, long length, int flags) {
        return delegate.copyFileRange(request, nodeIn, fhIn, offsetIn, nodeOut, fhOut, offsetOut, length, flags);
    }

    @Override
    public void syncfs(Request request, long nodeId) {
        delegate.syncfs(request, nodeId);
    }

    @Override
    public void tmpfile(Request request, long parent, int mode, int umask, int flags, EntryReply entry,
                        OpenReply open) {
        delegate.tmpfile(request, parent, mode, umask, flags, entry, open);
    }

    @Override
    public boolean nonBlocking() {
        return delegate.nonBlocking();
    }
}
