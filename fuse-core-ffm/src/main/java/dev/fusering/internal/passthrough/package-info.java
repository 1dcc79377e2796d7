/**
 * FUSE passthrough (FUSE_PASSTHROUGH, Linux 6.9+): the per-session table of backing files that lets the
 * kernel serve reads and writes of an open file directly from a file on another filesystem.
 */
package dev.fusering.internal.passthrough;
