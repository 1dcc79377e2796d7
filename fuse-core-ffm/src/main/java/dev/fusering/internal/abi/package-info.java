/**
 * The FUSE kernel ABI, protocol 7.45 on x86_64: opcodes, flag sets, and one small class per kernel struct
 * with its size, {@code static final long} field offsets and a {@link java.lang.foreign.StructLayout}.
 *
 * <p>Facts come from the kernel's {@code include/uapi/linux/fuse.h} (7.45), the fs/fuse sources of
 * 6.17/6.18, and the measurements in the project's kernel facts file. Hot paths access native memory with
 * {@code segment.get(ValueLayout.JAVA_LONG_UNALIGNED, base + FuseInHeader.UNIQUE)} and similar; the
 * layouts exist so tests can prove every offset against the FFM layout engine.
 */
package dev.fusering.internal.abi;
