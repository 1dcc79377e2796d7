package dev.fusering.posix;

import dev.fusering.api.Filesystem;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;

import java.nio.file.Path;

/** The POSIX suite against {@link MemoryFilesystem} over the CLASSIC transport; every capability is on. */
class MemoryClassicPosixTest extends PosixSuite {

    @Override
    protected Filesystem createFilesystem(Path scratch) {
        return new MemoryFilesystem();
    }

    @Override
    protected Transport transport() {
        return Transport.CLASSIC;
    }
}
