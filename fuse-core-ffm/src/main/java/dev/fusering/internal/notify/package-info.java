/**
 * FUSE notifications ({@link dev.fusering.api.FuseNotifier}): messages from the server to the kernel, each
 * written with one exact-size {@code write(2)} to {@code /dev/fuse}, and the table of pending RETRIEVE
 * requests whose answers arrive as NOTIFY_REPLY requests.
 */
package dev.fusering.internal.notify;
