package dev.fusering.posix;

import dev.fusering.api.Filesystem;
import dev.fusering.api.Transport;
import dev.fusering.fs.NioFilesystem;
import dev.fusering.testing.Users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The POSIX suite against {@link NioFilesystem} serving a directory of the default provider over the
 * CLASSIC transport, with the capabilities its javadoc documents as missing: no RENAME_EXCHANGE (EINVAL),
 * fallocate mode 0 only (EOPNOTSUPP), st_blocks from the size, no hole reporting, no FIFOs (EPERM).
 */
class NioClassicPosixTest extends PosixSuite {

    @Override
    protected Filesystem createFilesystem(Path scratch) throws IOException {
        Path source = Files.createDirectory(scratch.resolve("source"));
        Users.openUp(source);
        return new NioFilesystem(source);
    }

    @Override
    protected Transport transport() {
        return Transport.CLASSIC;
    }

    @Override
    protected PosixCapabilities capabilities() {
        return NioUringPosixTest.CAPABILITIES;
    }
}
