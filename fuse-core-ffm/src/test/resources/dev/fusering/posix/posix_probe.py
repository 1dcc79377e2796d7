# Helpers for the POSIX conformance scenarios of dev.fusering.posix.PosixSuite.
#
# A scenario is a Python snippet appended to this file and run with the working directory set to an
# empty directory, once on the local disk and once on the FUSE mount. It records what it sees with
# ok()/show(), one line per step: "label = value" on success, "label ! ENAME" on an OSError (the errno's
# symbolic name). Both runs must print the same lines, so scenarios use relative paths only and never
# print inode numbers, descriptors, absolute times or device numbers.
#
# Only the standard library is used (os, ctypes for the calls os does not offer: renameat2, fallocate with
# modes, utimensat with UTIME_NOW/UTIME_OMIT, getxattr/listxattr with a caller-sized buffer,
# opendir/readdir/telldir/seekdir).

import ctypes
import errno
import mmap
import os
import stat
import zlib

_libc = ctypes.CDLL(None, use_errno=True)

AT_FDCWD = -100
AT_SYMLINK_NOFOLLOW = 0x100
RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2
FALLOC_FL_KEEP_SIZE = 0x01
FALLOC_FL_PUNCH_HOLE = 0x02
FALLOC_FL_ZERO_RANGE = 0x10
UTIME_NOW = (1 << 30) - 1
UTIME_OMIT = (1 << 30) - 2
SEEK_DATA = 3
SEEK_HOLE = 4


def _name(e):
    if isinstance(e, OSError) and e.errno is not None:
        if e.errno == errno.EOPNOTSUPP:
            return "EOPNOTSUPP"  # the same number as ENOTSUP on Linux; errorcode names it ENOTSUP
        return errno.errorcode.get(e.errno, str(e.errno))
    return type(e).__name__


def _fmt(v):
    if v is None:
        return "ok"
    if isinstance(v, (bytes, bytearray)):
        return repr(bytes(v))
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return str(v)


def show(label, fn):
    """Runs fn() and prints 'label = <its result>' or 'label ! ENAME'; returns the result or None."""
    try:
        r = fn()
    except Exception as e:  # noqa: BLE001 - every failure is an observation
        print(label + " ! " + _name(e), flush=True)
        return None
    print(label + " = " + _fmt(r), flush=True)
    return r


def ok(label, fn):
    """Runs fn() and prints 'label = ok' or 'label ! ENAME'; returns the result (e.g. a descriptor) or None."""
    try:
        r = fn()
    except Exception as e:  # noqa: BLE001
        print(label + " ! " + _name(e), flush=True)
        return None
    print(label + " = ok", flush=True)
    return r


def check(label, condition):
    """Prints 'label = True/False' for a condition computed by the scenario."""
    print(label + " = " + str(bool(condition)), flush=True)


def _raise_errno():
    e = ctypes.get_errno()
    raise OSError(e, os.strerror(e))


_TYPES = ((stat.S_ISREG, "reg"), (stat.S_ISDIR, "dir"), (stat.S_ISLNK, "lnk"), (stat.S_ISFIFO, "fifo"),
          (stat.S_ISSOCK, "sock"), (stat.S_ISCHR, "chr"), (stat.S_ISBLK, "blk"))


def _describe(s, with_size=True):
    kind = next((n for f, n in _TYPES if f(s.st_mode)), "?")
    size = "" if kind == "dir" else " size=%d" % s.st_size
    return "%s mode=%o%s nlink=%d uid=%d gid=%d" % (kind, stat.S_IMODE(s.st_mode), size if with_size else "",
                                                   s.st_nlink, s.st_uid, s.st_gid)


def st(path):
    """The comparable stat fields of path (not following a final symbolic link)."""
    return _describe(os.lstat(path))


def fst(fd):
    """The comparable stat fields of an open descriptor."""
    return _describe(os.fstat(fd))


def blocks(path):
    """st_blocks of path (512-byte units): compare only where the filesystem tracks allocation."""
    return os.lstat(path).st_blocks


def data(path):
    """The whole content of a file."""
    with open(path, "rb") as f:
        return f.read()


def crc(path):
    """size:crc32 of a file's content."""
    d = data(path)
    return "%d:%08x" % (len(d), zlib.crc32(d))


def put(path, content, mode=0o644):
    """Creates or truncates path and writes content (bytes or str)."""
    if isinstance(content, str):
        content = content.encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, content)
    finally:
        os.close(fd)


def names(path="."):
    """Sorted names of a directory."""
    return sorted(os.listdir(path))


def renameat2(old, new, flags):
    """renameat2(2) relative to the working directory."""
    _libc.renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if _libc.renameat2(AT_FDCWD, os.fsencode(old), AT_FDCWD, os.fsencode(new), flags) != 0:
        _raise_errno()


def fallocate(fd, mode, offset, length):
    """fallocate(2) with a mode."""
    _libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_long, ctypes.c_long]
    if _libc.fallocate(fd, mode, offset, length) != 0:
        _raise_errno()


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


def utimensat(path, atime, mtime, follow=True):
    """utimensat(2); each time is (sec, nsec), UTIME_NOW or UTIME_OMIT; None for both means 'now'."""
    _libc.utimensat.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    flags = 0 if follow else AT_SYMLINK_NOFOLLOW
    if atime is None and mtime is None:
        r = _libc.utimensat(AT_FDCWD, os.fsencode(path), None, flags)
    else:
        times = (_Timespec * 2)()
        for i, t in enumerate((atime, mtime)):
            if isinstance(t, tuple):
                times[i].tv_sec, times[i].tv_nsec = t
            else:
                times[i].tv_sec, times[i].tv_nsec = 0, t
        r = _libc.utimensat(AT_FDCWD, os.fsencode(path), ctypes.byref(times), flags)
    if r != 0:
        _raise_errno()


def getxattr_sized(path, name, size):
    """getxattr(2) with a buffer of exactly size bytes: the value (size > 0) or its length (size 0)."""
    _libc.getxattr.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t]
    _libc.getxattr.restype = ctypes.c_ssize_t
    buf = ctypes.create_string_buffer(max(size, 1))
    n = _libc.getxattr(os.fsencode(path), name.encode(), buf if size > 0 else None, size)
    if n < 0:
        _raise_errno()
    return n if size == 0 else buf.raw[:n]


def listxattr_sized(path, size):
    """listxattr(2) with a buffer of exactly size bytes: the sorted names (size > 0) or the length (size 0)."""
    _libc.listxattr.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t]
    _libc.listxattr.restype = ctypes.c_ssize_t
    buf = ctypes.create_string_buffer(max(size, 1))
    n = _libc.listxattr(os.fsencode(path), buf if size > 0 else None, size)
    if n < 0:
        _raise_errno()
    if size == 0:
        return n
    return sorted(x.decode() for x in buf.raw[:n].split(b"\0") if x)


class _Dirent(ctypes.Structure):
    _fields_ = [("d_ino", ctypes.c_uint64), ("d_off", ctypes.c_int64), ("d_reclen", ctypes.c_ushort),
                ("d_type", ctypes.c_ubyte), ("d_name", ctypes.c_char * 256)]


class Dir:
    """A DIR* stream: opendir(3), readdir(3), telldir(3), seekdir(3), rewinddir(3), closedir(3)."""

    def __init__(self, path):
        _libc.opendir.argtypes = [ctypes.c_char_p]
        _libc.opendir.restype = ctypes.c_void_p
        _libc.readdir.argtypes = [ctypes.c_void_p]
        _libc.readdir.restype = ctypes.POINTER(_Dirent)
        _libc.telldir.argtypes = [ctypes.c_void_p]
        _libc.telldir.restype = ctypes.c_long
        _libc.seekdir.argtypes = [ctypes.c_void_p, ctypes.c_long]
        _libc.rewinddir.argtypes = [ctypes.c_void_p]
        _libc.closedir.argtypes = [ctypes.c_void_p]
        ctypes.set_errno(0)
        self._d = _libc.opendir(os.fsencode(path))
        if not self._d:
            _raise_errno()

    def read(self):
        """The next name, or None at the end."""
        ctypes.set_errno(0)
        p = _libc.readdir(self._d)
        if not p:
            if ctypes.get_errno() != 0:
                _raise_errno()
            return None
        return p.contents.d_name.decode()

    def read_n(self, n):
        out = []
        for _ in range(n):
            x = self.read()
            if x is None:
                break
            out.append(x)
        return out

    def read_all(self):
        out = []
        while True:
            x = self.read()
            if x is None:
                return out
            out.append(x)

    def tell(self):
        return _libc.telldir(self._d)

    def seek(self, pos):
        _libc.seekdir(self._d, pos)

    def rewind(self):
        _libc.rewinddir(self._d)

    def close(self):
        _libc.closedir(self._d)


def aligned(size):
    """A page-aligned, zero-filled buffer of size bytes (for O_DIRECT)."""
    return mmap.mmap(-1, size)
