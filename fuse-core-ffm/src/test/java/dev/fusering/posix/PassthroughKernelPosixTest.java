package dev.fusering.posix;

import dev.fusering.api.Filesystem;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Transport;
import dev.fusering.fs.PassthroughFilesystem;
import dev.fusering.testing.Users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The POSIX suite against {@link PassthroughFilesystem} with kernel passthrough (FUSE_PASSTHROUGH) on, over
 * the IO_URING transport: every open file's reads, writes and mmaps are served by the kernel from the source
 * file, and the results must still match the local disk, with the capabilities of
 * {@link PassthroughUringPosixTest}.
 */
class PassthroughKernelPosixTest extends PosixSuite {

    @Override
    protected Filesystem createFilesystem(Path scratch) throws IOException {
        Path source = Files.createDirectory(scratch.resolve("source"));
        Users.openUp(source);
        return new PassthroughFilesystem(source);
    }

    @Override
    protected Transport transport() {
        return Transport.IO_URING;
    }

    @Override
    protected MountOptions mountOptions() {
        return super.mountOptions().toBuilder().passthrough(true).build();
    }

    @Override
    protected PosixCapabilities capabilities() {
        return PassthroughCapabilities.CAPABILITIES;
    }
}
