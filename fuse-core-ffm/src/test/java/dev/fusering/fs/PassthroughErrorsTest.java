package dev.fusering.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassthroughErrorsTest {

    @Test
    void specificExceptionsMapDirectly() {
        assertThat(PassthroughErrors.errnoOf(new NoSuchFileException("f"))).isEqualTo(Errno.ENOENT);
        assertThat(PassthroughErrors.errnoOf(new FileAlreadyExistsException("f"))).isEqualTo(Errno.EEXIST);
        assertThat(PassthroughErrors.errnoOf(new DirectoryNotEmptyException("d"))).isEqualTo(Errno.ENOTEMPTY);
        assertThat(PassthroughErrors.errnoOf(new NotDirectoryException("d"))).isEqualTo(Errno.ENOTDIR);
        assertThat(PassthroughErrors.errnoOf(new AccessDeniedException("f"))).isEqualTo(Errno.EACCES);
        assertThat(PassthroughErrors.errnoOf(new NotLinkException("f"))).isEqualTo(Errno.EINVAL);
        assertThat(PassthroughErrors.errnoOf(new FileSystemLoopException("f"))).isEqualTo(Errno.ELOOP);
    }

    @Test
    void genericReasonIsTheStrerrorText() {
        assertThat(PassthroughErrors.errnoOf(new FileSystemException("f", null, "Is a directory")))
            .isEqualTo(Errno.EISDIR);
        assertThat(PassthroughErrors.errnoOf(new FileSystemException("f", null, "Read-only file system")))
            .isEqualTo(Errno.EROFS);
        assertThat(PassthroughErrors.errnoOf(new FileSystemException("f", null, "Invalid cross-device link")))
            .isEqualTo(Errno.EXDEV);
        assertThat(PassthroughErrors.errnoOf(new FileSystemException("f", null, "Operation not permitted")))
            .isEqualTo(Errno.EPERM);
        assertThat(PassthroughErrors.errnoOf(new AtomicMoveNotSupportedException("a", "b",
            "Invalid cross-device link"))).isEqualTo(Errno.EXDEV);
    }

    @Test
    void decoratedReasonsAreRecognised() {
        assertThat(PassthroughErrors.errnoOf(new FileSystemException("f", null,
            "Unable to get size of extended attribute 'x': No data available"))).isEqualTo(Errno.ENODATA);
        assertThat(PassthroughErrors.errnoOf(new FileSystemException("f", null,
            "Too many levels of symbolic links or unable to access attributes of symbolic link")))
            .isEqualTo(Errno.ELOOP);
        assertThat(PassthroughErrors.errnoOf(new IOException(
            "Too many levels of symbolic links (NOFOLLOW_LINKS specified)"))).isEqualTo(Errno.ELOOP);
        assertThat(PassthroughErrors.errnoOf(new FileSystemException("f", null,
            "Error reading extended attribute 'x': Insufficient space in buffer"))).isEqualTo(Errno.ERANGE);
        assertThat(PassthroughErrors.errnoOf(new FileSystemException("f", null,
            "Invalid or incomplete multibyte or wide character"))).isEqualTo(Errno.EILSEQ);
    }

    @Test
    void everyErrnoDescriptionRoundTrips() {
        for (Errno errno : Errno.values()) {
            assertThat(PassthroughErrors.errnoOf(new FileSystemException("f", null, errno.description())))
                .as(errno.name())
                .isEqualTo(errno);
        }
    }

    @Test
    void channelAndRuntimeFailures() {
        assertThat(PassthroughErrors.errnoOf(new ClosedChannelException())).isEqualTo(Errno.EBADF);
        assertThat(PassthroughErrors.errnoOf(new NonWritableChannelException())).isEqualTo(Errno.EBADF);
        assertThat(PassthroughErrors.errnoOf(new InvalidPathException("a\0b", "nul"))).isEqualTo(Errno.EINVAL);
        assertThat(PassthroughErrors.errnoOf(new UnsupportedOperationException())).isEqualTo(Errno.EOPNOTSUPP);
        assertThat(PassthroughErrors.errnoOf(new UncheckedIOException(new NoSuchFileException("f"))))
            .isEqualTo(Errno.ENOENT);
    }

    @Test
    void unknownFailuresAreEio() {
        assertThat(PassthroughErrors.errnoOf(new FileSystemException("f", null, "something odd")))
            .isEqualTo(Errno.EIO);
        assertThat(PassthroughErrors.errnoOf(new FileSystemException("f"))).isEqualTo(Errno.EIO);
        assertThat(PassthroughErrors.errnoOf(new IOException())).isEqualTo(Errno.EIO);
        assertThat(PassthroughErrors.errnoOf(new IllegalStateException("x"))).isEqualTo(Errno.EIO);
    }

    @Test
    void toFuseReturnsTheSharedInstanceAndKeepsFuseExceptions() {
        FuseException mapped = PassthroughErrors.toFuse(new NoSuchFileException("f"));
        assertThat(mapped).isSameAs(FuseException.of(Errno.ENOENT));
        FuseException own = new FuseException(Errno.EPERM, "mine");
        assertThat(PassthroughErrors.toFuse(own)).isSameAs(own);
    }

    @Test
    void realJdkFailuresMapToTheirErrno(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("f"));
        Path sub = Files.createDirectory(dir.resolve("d"));
        Files.createFile(sub.resolve("inner"));
        assertThat(errnoOf(() -> Files.readAttributes(dir.resolve("missing"), "unix:ino")))
            .isEqualTo(Errno.ENOENT);
        assertThat(errnoOf(() -> {
            Files.delete(sub);
            return null;
        })).isEqualTo(Errno.ENOTEMPTY);
        assertThat(errnoOf(() -> Files.createFile(file))).isEqualTo(Errno.EEXIST);
        assertThat(errnoOf(() -> Files.readSymbolicLink(file))).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(() -> Files.newDirectoryStream(file))).isEqualTo(Errno.ENOTDIR);
        assertThat(errnoOf(() -> java.nio.channels.FileChannel.open(sub, java.nio.file.StandardOpenOption.WRITE)))
            .isEqualTo(Errno.EISDIR);
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        assertThat(errnoOf(() -> view.size("absent"))).isEqualTo(Errno.ENODATA);
        Path link = Files.createSymbolicLink(dir.resolve("l"), file);
        assertThat(errnoOf(() -> java.nio.channels.FileChannel.open(link, LinkOption.NOFOLLOW_LINKS)))
            .isEqualTo(Errno.ELOOP);
    }

    private interface Failing {
        Object run() throws IOException;
    }

    private static Errno errnoOf(Failing action) {
        try {
            action.run();
        } catch (IOException e) {
            return PassthroughErrors.errnoOf(e);
        }
        throw new AssertionError("expected a failure");
    }
}
