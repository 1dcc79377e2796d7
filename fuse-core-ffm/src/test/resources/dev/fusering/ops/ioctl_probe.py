# Makes ioctl(2) calls on DIR/f and on DIR itself with fcntl.ioctl and prints one line per call:
# "label = result" or "label ! ERRNAME". Argument: DIR
import errno
import fcntl
import os
import struct
import sys

REVERSE = 0xC0104601      # _IOWR('F', 1, 16 bytes)
INCREMENT = 0x4602        # _IO('F', 2)
UNKNOWN = 0x4603          # _IO('F', 3)
FS_IOC_GETFLAGS = 0x80086601
FS_IOC_SETFLAGS = 0x40086602
FS_NODUMP_FL = 0x40


def show(label, call):
    try:
        print(label, "=", call(), flush=True)
    except OSError as e:
        print(label, "!", errno.errorcode.get(e.errno, str(e.errno)), flush=True)


def reverse(fd):
    buf = bytearray(range(1, 17))
    result = fcntl.ioctl(fd, REVERSE, buf, True)
    return "%d %s" % (result, bytes(buf).hex())


def getflags(fd):
    buf = bytearray(4)
    fcntl.ioctl(fd, FS_IOC_GETFLAGS, buf, True)
    return hex(struct.unpack("i", buf)[0] & FS_NODUMP_FL)


d = sys.argv[1]
path = os.path.join(d, "f")
with open(path, "wb") as f:
    f.write(b"data")
fd = os.open(path, os.O_RDONLY)
show("reverse", lambda: reverse(fd))
show("increment", lambda: fcntl.ioctl(fd, INCREMENT, 41))
show("unknown", lambda: fcntl.ioctl(fd, UNKNOWN, 0))
show("nodump before", lambda: getflags(fd))
show("set nodump", lambda: fcntl.ioctl(fd, FS_IOC_SETFLAGS, struct.pack("i", FS_NODUMP_FL)) and "done")
show("nodump after", lambda: getflags(fd))
os.close(fd)
dfd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
show("directory increment", lambda: fcntl.ioctl(dfd, INCREMENT, 1))
os.close(dfd)
