# A load client: for SECONDS, mixes namespace and data operations in its own directory and checks every
# result against an in-memory model (file names and contents), then re-reads every file, removes
# everything it made, and prints one summary line:
#   ops=N errors=E verified=F written=BYTES first=DESCRIPTION|-
# Arguments: DIR SECONDS SEED
import errno
import os
import random
import sys
import time

root = sys.argv[1]
seconds = float(sys.argv[2])
rng = random.Random(int(sys.argv[3]))
os.makedirs(root, exist_ok=True)
model = {}  # name -> bytearray
dirs = set()
ops = 0
errors = 0
written = 0
first = "-"
MAX_FILES = 40
MAX_SIZE = 192 * 1024


def path(name):
    return os.path.join(root, name)


def fail(what):
    global errors, first
    errors += 1
    if first == "-":
        first = what.replace(" ", "_")


def write_at(name, offset, data):
    global written
    fd = os.open(path(name), os.O_WRONLY)
    try:
        view = memoryview(data)
        pos = offset
        while view:
            n = os.pwrite(fd, view, pos)
            view = view[n:]
            pos += n
    finally:
        os.close(fd)
    written += len(data)
    content = model[name]
    if offset > len(content):
        content.extend(bytes(offset - len(content)))
    content[offset:offset + len(data)] = data


def check(name):
    with open(path(name), "rb") as f:
        got = f.read()
    if got != bytes(model[name]):
        fail("content of %s differs (size %d, expected %d)" % (name, len(got), len(model[name])))


def step():
    choice = rng.randrange(100)
    names = sorted(model)
    if choice < 15 or not names:
        if len(model) >= MAX_FILES:
            return
        name = "f%06d" % rng.randrange(1000000)
        if name in model:
            return
        fd = os.open(path(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.close(fd)
        model[name] = bytearray()
        write_at(name, 0, rng.randbytes(rng.randrange(MAX_SIZE)))
    elif choice < 35:
        name = rng.choice(names)
        size = len(model[name])
        write_at(name, rng.randrange(size + 4096), rng.randbytes(1 + rng.randrange(32768)))
    elif choice < 42:
        name = rng.choice(names)
        write_at(name, len(model[name]), rng.randbytes(1 + rng.randrange(8192)))
    elif choice < 50:
        name = rng.choice(names)
        size = rng.randrange(MAX_SIZE)
        os.truncate(path(name), size)
        content = model[name]
        if size < len(content):
            del content[size:]
        else:
            content.extend(bytes(size - len(content)))
    elif choice < 70:
        check(rng.choice(names))
    elif choice < 77:
        old = rng.choice(names)
        new = rng.choice(names) if rng.random() < 0.3 else "f%06d" % rng.randrange(1000000)
        os.rename(path(old), path(new))
        if old != new:
            model[new] = model.pop(old)
    elif choice < 83:
        name = rng.choice(names)
        os.unlink(path(name))
        del model[name]
    elif choice < 88:
        d = "d%03d" % rng.randrange(20)
        if d in dirs:
            os.rmdir(path(d))
            dirs.discard(d)
        else:
            os.mkdir(path(d))
            dirs.add(d)
    elif choice < 94:
        listed = sorted(os.listdir(root))
        if listed != sorted(list(model) + list(dirs)):
            fail("listing differs")
    elif choice < 97:
        name = rng.choice(names)
        fd = os.open(path(name), os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    else:
        name = rng.choice(names)
        size = os.stat(path(name)).st_size
        if size != len(model[name]):
            fail("size of %s is %d, expected %d" % (name, size, len(model[name])))


deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        step()
        ops += 1
    except OSError as e:
        fail("%s during op %d" % (errno.errorcode.get(e.errno, str(e.errno)), ops))
        break

verified = 0
for name in sorted(model):
    try:
        check(name)
        verified += 1
    except OSError as e:
        fail("%s verifying %s" % (errno.errorcode.get(e.errno, str(e.errno)), name))
for name in sorted(model):
    os.unlink(path(name))
for d in sorted(dirs):
    os.rmdir(path(d))
os.rmdir(root)
print("ops=%d errors=%d verified=%d written=%d first=%s" % (ops, errors, verified, written, first), flush=True)
