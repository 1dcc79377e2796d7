# Exercises copy_file_range, O_TMPFILE + linkat, syncfs, fallocate modes, SEEK_DATA/SEEK_HOLE and
# renameat2 flags in DIR and prints one line per step: "label = result" or "label ! ERRNAME".
# Argument: DIR
import ctypes
import errno
import os
import sys

libc = ctypes.CDLL(None, use_errno=True)
AT_FDCWD = -100
AT_SYMLINK_FOLLOW = 0x400
RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2
FALLOC_FL_KEEP_SIZE = 1
FALLOC_FL_PUNCH_HOLE = 2
FALLOC_FL_COLLAPSE_RANGE = 8
FALLOC_FL_ZERO_RANGE = 16
FALLOC_FL_UNSHARE_RANGE = 64


def show(label, call):
    try:
        print(label, "=", call(), flush=True)
    except OSError as e:
        print(label, "!", errno.errorcode.get(e.errno, str(e.errno)), flush=True)


def check(result):
    if result < 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return result


def renameat2(a, b, flags):
    return check(libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), flags))


def fallocate(fd, mode, offset, length):
    return check(libc.fallocate(fd, mode, ctypes.c_long(offset), ctypes.c_long(length)))


def read(path):
    with open(path, "rb") as f:
        return f.read()


d = sys.argv[1]
os.chdir(d)

# copy_file_range: a whole file, a range into the middle of another, and past the end
src = os.open("src", os.O_RDWR | os.O_CREAT, 0o644)
os.write(src, bytes(range(256)) * 64)
dst = os.open("dst", os.O_RDWR | os.O_CREAT, 0o644)
show("copy whole", lambda: os.copy_file_range(src, dst, 1 << 20, 0, 0))
show("copy equal", lambda: read("src") == read("dst"))
os.write(os.open("mid", os.O_WRONLY | os.O_CREAT, 0o644), b"#" * 100)
mid = os.open("mid", os.O_RDWR)
show("copy range", lambda: os.copy_file_range(src, mid, 10, 250, 50))
show("range content", lambda: read("mid")[45:65].hex())
show("copy past eof", lambda: os.copy_file_range(src, dst, 10, 1 << 20, 0))
os.close(mid)

# O_TMPFILE, then a name through /proc/self/fd (linkat with AT_SYMLINK_FOLLOW)
def tmpfile():
    fd = os.open(".", os.O_TMPFILE | os.O_RDWR, 0o600)
    os.write(fd, b"anonymous")
    before = sorted(os.listdir("."))
    # os.link calls link(2), which would link the /proc symlink itself: linkat follows it
    check(libc.linkat(AT_FDCWD, b"/proc/self/fd/%d" % fd, AT_FDCWD, b"named", AT_SYMLINK_FOLLOW))
    os.close(fd)
    return "%s %s %s" % ("named" in before, read("named"), oct(os.stat("named").st_mode & 0o777))
show("tmpfile", tmpfile)

# syncfs(2)
show("syncfs", lambda: check(libc.syncfs(src)))

# fallocate modes on a 64 KiB file of ones
f = os.open("falloc", os.O_RDWR | os.O_CREAT, 0o644)
os.write(f, b"\1" * 65536)
show("zero range", lambda: fallocate(f, FALLOC_FL_ZERO_RANGE, 4096, 4096))
show("zeroed", lambda: os.pread(f, 4, 4096).hex() + " " + os.pread(f, 4, 8192).hex())
show("zero range keep size past eof", lambda: fallocate(f, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 65536, 4096))
show("zero range extends", lambda: fallocate(f, FALLOC_FL_ZERO_RANGE, 65536, 4096))
show("size", lambda: os.fstat(f).st_size)
show("punch hole", lambda: fallocate(f, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 16384, 8192))
show("punched", lambda: os.pread(f, 4, 16384).hex())
show("seek data from hole", lambda: os.lseek(f, 16384, os.SEEK_DATA))
show("seek hole", lambda: os.lseek(f, 12288, os.SEEK_HOLE))
show("unshare range", lambda: fallocate(f, FALLOC_FL_UNSHARE_RANGE, 0, 4096))
os.close(f)

# renameat2
for name, data in (("a", b"A"), ("b", b"B")):
    with open(name, "wb") as w:
        w.write(data)
show("noreplace onto existing", lambda: renameat2("a", "b", RENAME_NOREPLACE))
show("exchange", lambda: renameat2("a", "b", RENAME_EXCHANGE))
show("exchanged", lambda: read("a") + read("b"))
show("noreplace onto missing", lambda: renameat2("a", "c", RENAME_NOREPLACE))
show("after", lambda: sorted(n for n in os.listdir(".") if len(n) == 1))
