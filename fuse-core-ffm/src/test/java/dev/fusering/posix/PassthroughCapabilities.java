package dev.fusering.posix;

/** What {@link dev.fusering.fs.PassthroughFilesystem} supports, as its javadoc documents. */
final class PassthroughCapabilities {

    /** No RENAME_EXCHANGE, approximate st_blocks, no FIFOs; fallocate modes and holes are the source's. */
    static final PosixCapabilities CAPABILITIES = new PosixCapabilities(false, true, false, true, false);

    private PassthroughCapabilities() {
    }
}
