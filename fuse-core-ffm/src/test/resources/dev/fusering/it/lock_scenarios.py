# Runs file-lock scenarios in DIR with several forked processes and prints one line per observation,
# "label: result", with process ids replaced by the processes' names (A, B, C, D). The same output is
# expected on any correct filesystem, so a test compares a FUSE mount with a directory of the real disk.
# Locks are taken with fcntl(2) and flock(2) through ctypes, so that EINTR is seen as it is (Python would
# retry). Each process catches SIGUSR1 with a handler that only notes it. Argument: DIR
import ctypes
import errno
import json
import os
import select
import signal
import sys
import time

libc = ctypes.CDLL(None, use_errno=True)


class Flock(ctypes.Structure):
    _fields_ = [("l_type", ctypes.c_short), ("l_whence", ctypes.c_short), ("l_start", ctypes.c_longlong),
                ("l_len", ctypes.c_longlong), ("l_pid", ctypes.c_int)]


libc.fcntl.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.POINTER(Flock)]
libc.flock.argtypes = [ctypes.c_int, ctypes.c_int]
FCNTL = {"GETLK": 5, "SETLK": 6, "SETLKW": 7}
TYPES = {"R": 0, "W": 1, "U": 2}
TYPE_NAMES = {0: "R", 1: "W", 2: "U"}
FLOCK = {"SH": 1, "EX": 2, "UN": 8}
NAMES = {}
WAIT = 0.5


def errname():
    e = ctypes.get_errno()
    return ["errno", errno.errorcode.get(e, str(e))]


def execute(cmd, fds):
    op = cmd[0]
    if op == "open":
        fds[cmd[1]] = os.open(cmd[2], os.O_RDWR)
        return ["ok"]
    if op == "close":
        os.close(fds.pop(cmd[1]))
        return ["ok"]
    if op == "lk":
        fl = Flock(TYPES[cmd[3]], 0, cmd[4], cmd[5], 0)
        if libc.fcntl(fds[cmd[1]], FCNTL[cmd[2]], ctypes.byref(fl)) < 0:
            return errname()
        if cmd[2] == "GETLK":
            if fl.l_type == TYPES["U"]:
                return ["unlocked"]
            return ["lock", TYPE_NAMES[fl.l_type], fl.l_start, fl.l_len, "pid", fl.l_pid]
        return ["ok"]
    if op == "flock":
        if libc.flock(fds[cmd[1]], FLOCK[cmd[2]] | (4 if cmd[3] else 0)) < 0:
            return errname()
        return ["ok"]
    if op == "exit":
        os._exit(0)
    return ["unknown " + op]


def child(commands, results):
    signal.signal(signal.SIGUSR1, lambda signum, frame: None)
    fds = {}
    with os.fdopen(commands, "r") as lines:
        for line in lines:
            try:
                result = execute(json.loads(line), fds)
            except OSError as e:
                result = ["oserror", errno.errorcode.get(e.errno, str(e.errno))]
            os.write(results, (json.dumps(result) + "\n").encode())
    os._exit(0)


class Proc:
    def __init__(self, name):
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(cmd_w)
            os.close(res_r)
            child(cmd_r, res_w)
        os.close(cmd_r)
        os.close(res_w)
        self.name, self.pid, self.w, self.r, self.buf = name, pid, cmd_w, res_r, b""
        NAMES[pid] = name

    def send(self, *cmd):
        os.write(self.w, (json.dumps(cmd) + "\n").encode())

    def reply(self, timeout=5.0):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return ["still waiting"]
            ready, _, _ = select.select([self.r], [], [], left)
            if ready:
                chunk = os.read(self.r, 4096)
                if not chunk:
                    return ["exited"]
                self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def do(self, *cmd):
        self.send(*cmd)
        return self.reply()

    def exit(self):
        self.send("exit")
        os.waitpid(self.pid, 0)


def out(label, result):
    words = []
    for i, w in enumerate(result):
        if i > 0 and result[i - 1] == "pid":
            w = NAMES.get(w, "unknown pid")
        words.append(str(w))
    print(label + ": " + " ".join(words), flush=True)


def make(d, name):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(b"x" * 1000)
    return path


def posix(d, a, b, c):
    path = make(d, "posix")
    for p in (a, b, c):
        p.do("open", "p", path)
    out("A write 0..99", a.do("lk", "p", "SETLK", "W", 0, 100))
    out("B write 50..59", b.do("lk", "p", "SETLK", "W", 50, 10))
    out("B read 99", b.do("lk", "p", "SETLK", "R", 99, 1))
    out("B write 100..109", b.do("lk", "p", "SETLK", "W", 100, 10))
    out("B getlk write 0..9", b.do("lk", "p", "GETLK", "W", 0, 10))
    out("B getlk write 150..", b.do("lk", "p", "GETLK", "W", 150, 0))
    out("A getlk write 100..", a.do("lk", "p", "GETLK", "W", 100, 0))
    out("A unlock 40..59", a.do("lk", "p", "SETLK", "U", 40, 20))
    out("B write 45..49", b.do("lk", "p", "SETLK", "W", 45, 5))
    out("B write 30..34", b.do("lk", "p", "SETLK", "W", 30, 5))
    out("C getlk write 0..", c.do("lk", "p", "GETLK", "W", 0, 0))
    out("C getlk read 60..", c.do("lk", "p", "GETLK", "R", 60, 0))
    out("A write 150..159", a.do("lk", "p", "SETLK", "W", 150, 10))
    out("A write 160..169", a.do("lk", "p", "SETLK", "W", 160, 10))
    out("C getlk read 155 (merged)", c.do("lk", "p", "GETLK", "R", 155, 1))
    out("A read 200..209", a.do("lk", "p", "SETLK", "R", 200, 10))
    out("B read 205..214 (shared)", b.do("lk", "p", "SETLK", "R", 205, 10))
    out("C read 200..214 (shared)", c.do("lk", "p", "SETLK", "R", 200, 15))
    out("C write 212", c.do("lk", "p", "SETLK", "W", 212, 1))
    out("C getlk write 212", c.do("lk", "p", "GETLK", "W", 212, 1))
    out("A write 200..204 (upgrade)", a.do("lk", "p", "SETLK", "W", 200, 5))
    out("A write 205 (upgrade)", a.do("lk", "p", "SETLK", "W", 205, 1))
    for p in (a, b, c):
        p.do("lk", "p", "SETLK", "U", 0, 0)


def setlkw(d, a, b, c):
    path = make(d, "setlkw")
    for p in (a, b, c):
        p.do("open", "w", path)
    out("A write 0..99", a.do("lk", "w", "SETLK", "W", 0, 100))
    b.send("lk", "w", "SETLKW", "W", 10, 10)
    out("B setlkw 10..19 while A holds", b.reply(WAIT))
    out("A unlock 0..99", a.do("lk", "w", "SETLK", "U", 0, 100))
    out("B setlkw after the unlock", b.reply())
    out("C getlk write 0..", c.do("lk", "w", "GETLK", "W", 0, 0))
    c.send("lk", "w", "SETLKW", "R", 0, 0)
    out("C setlkw read while B writes", c.reply(WAIT))
    os.kill(c.pid, signal.SIGUSR1)
    out("C setlkw after SIGUSR1", c.reply())
    out("A getlk write 0.. after the signal", a.do("lk", "w", "GETLK", "W", 0, 0))
    out("B unlock", b.do("lk", "w", "SETLK", "U", 0, 0))
    out("C read after B unlocked", c.do("lk", "w", "SETLK", "R", 0, 0))
    out("C unlock", c.do("lk", "w", "SETLK", "U", 0, 0))


def release(d, a, b):
    path = make(d, "release")
    a.do("open", "r1", path)
    a.do("open", "r2", path)
    b.do("open", "r", path)
    out("A write 0..9", a.do("lk", "r1", "SETLK", "W", 0, 10))
    out("B write 0..9", b.do("lk", "r", "SETLK", "W", 0, 10))
    out("A closes another descriptor", a.do("close", "r2"))
    out("B write 0..9 after the close", b.do("lk", "r", "SETLK", "W", 0, 10))
    b.do("lk", "r", "SETLK", "U", 0, 0)
    dd = Proc("D")
    dd.do("open", "r", path)
    out("D write 0..9", dd.do("lk", "r", "SETLK", "W", 0, 10))
    out("B write 0..9 while D holds", b.do("lk", "r", "SETLK", "W", 0, 10))
    out("B getlk", b.do("lk", "r", "GETLK", "W", 0, 0))
    dd.exit()
    out("B write 0..9 after D exited", b.do("lk", "r", "SETLK", "W", 0, 10))
    b.do("lk", "r", "SETLK", "U", 0, 0)


def flocks(d, a, b, c):
    path = make(d, "flock")
    for p in (a, b, c):
        p.do("open", "f", path)
    out("A flock EX", a.do("flock", "f", "EX", True))
    out("B flock EX nb", b.do("flock", "f", "EX", True))
    out("B flock SH nb", b.do("flock", "f", "SH", True))
    out("B fcntl write (independent)", b.do("lk", "f", "SETLK", "W", 0, 0))
    b.do("lk", "f", "SETLK", "U", 0, 0)
    out("A flock UN", a.do("flock", "f", "UN", True))
    out("A flock SH", a.do("flock", "f", "SH", True))
    out("B flock SH (shared)", b.do("flock", "f", "SH", True))
    out("C flock EX nb", c.do("flock", "f", "EX", True))
    c.send("flock", "f", "EX", False)
    out("C flock EX while A and B share", c.reply(WAIT))
    out("A flock UN", a.do("flock", "f", "UN", True))
    out("B flock UN", b.do("flock", "f", "UN", True))
    out("C flock EX after both unlocked", c.reply())
    a.send("flock", "f", "SH", False)
    out("A flock SH while C holds EX", a.reply(WAIT))
    os.kill(a.pid, signal.SIGUSR1)
    out("A flock after SIGUSR1", a.reply())
    out("C closes", c.do("close", "f"))
    # FUSE drops flock locks with the RELEASE that follows the last close, which the kernel sends
    # asynchronously: a blocking request sees the unlock as soon as it arrives, LOCK_NB might come too early
    out("B flock EX after C closed", b.do("flock", "f", "EX", False))
    out("B flock UN", b.do("flock", "f", "UN", True))


def main():
    d = sys.argv[1]
    a, b, c = Proc("A"), Proc("B"), Proc("C")
    try:
        posix(d, a, b, c)
        setlkw(d, a, b, c)
        release(d, a, b)
        flocks(d, a, b, c)
    finally:
        for p in (a, b, c):
            p.exit()
    print("done", flush=True)


main()
