package dev.fusering.api;

/**
 * The answer to GETATTR and SETATTR ({@code struct fuse_attr_out}). The timeout starts at the session's
 * default ({@link MountOptions#attrTimeout()}). Only valid during the call that received it.
 */
public interface AttrReply {

    /**
     * Sets how long the kernel may cache these attributes.
     *
     * @param nanos the timeout in nanoseconds, 0 for none
     * @return this
     */
    AttrReply attrTimeout(long nanos);

    /**
     * Returns the writer for the attributes.
     *
     * @return the attributes
     */
    Attributes attributes();
}
