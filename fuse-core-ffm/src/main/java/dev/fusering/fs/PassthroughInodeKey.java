package dev.fusering.fs;

/**
 * Identifies one file of the source tree: its device and inode numbers ({@code unix:dev}, {@code unix:ino}).
 * Hard links of a file share the key, so they share a node of {@link PassthroughFilesystem}.
 *
 * @param dev the device number of the filesystem holding the file
 * @param ino the inode number on that device
 */
record PassthroughInodeKey(long dev, long ino) {
}
