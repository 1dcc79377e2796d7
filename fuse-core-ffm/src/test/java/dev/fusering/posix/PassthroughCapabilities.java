package dev.fusering.posix;

/** What {@link dev.fusering.fs.PassthroughFilesystem} supports, as its javadoc documents. */
final class PassthroughCapabilities {

    /** No RENAME_EXCHANGE, fallocate mode 0 only, approximate st_blocks, no holes, no FIFOs. */
    static final PosixCapabilities CAPABILITIES = new PosixCapabilities(false, false, false, false, false);

    private PassthroughCapabilities() {
    }
}
