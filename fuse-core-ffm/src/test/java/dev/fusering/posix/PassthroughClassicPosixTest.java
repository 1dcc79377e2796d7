package dev.fusering.posix;

import dev.fusering.api.Filesystem;
import dev.fusering.api.Transport;
import dev.fusering.fs.PassthroughFilesystem;
import dev.fusering.testing.Users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The POSIX suite against {@link PassthroughFilesystem} (mirroring a directory of the local disk) over the
 * CLASSIC transport, with the capabilities its javadoc documents as missing: no RENAME_EXCHANGE (EINVAL),
 * approximate st_blocks, no FIFOs (EPERM); fallocate modes and holes are those of the source's file system.
 */
class PassthroughClassicPosixTest extends PosixSuite {

    @Override
    protected Filesystem createFilesystem(Path scratch) throws IOException {
        Path source = Files.createDirectory(scratch.resolve("source"));
        Users.openUp(source);
        return new PassthroughFilesystem(source);
    }

    @Override
    protected Transport transport() {
        return Transport.CLASSIC;
    }

    @Override
    protected PosixCapabilities capabilities() {
        return PassthroughCapabilities.CAPABILITIES;
    }
}
