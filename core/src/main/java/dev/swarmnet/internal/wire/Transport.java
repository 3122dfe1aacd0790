package dev.swarmnet.internal.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The byte pipe under one connection: plain TCP or TLS. The frame reader and writer take its streams
 * and channels once, when they are made, so the per-frame path has no extra dispatch: a plain
 * connection reads and writes its socket channel directly (and sends file bodies with sendfile), a
 * TLS connection goes through the SSL socket's streams.
 */
public interface Transport {
    /** Where frames are read from. */
    InputStream input();

    /** The same connection as a channel for raw file bodies without a copy; null when there is none (TLS). */
    ReadableByteChannel rawInput();

    /** Where frames are written to. */
    WritableByteChannel output();

    /** Whether file bodies may be sent with {@code FileChannel.transferTo} to {@link #output()}. */
    boolean supportsSendfile();

    /** The read timeout of {@link #input()} in milliseconds; 0 waits forever. */
    void setReadTimeout(int millis) throws IOException;

    /** Ends the sending direction (after a final message); reading stays possible. */
    void shutdownOutput() throws IOException;

    /**
     * Cuts the connection. Safe from any thread and at any time, also while another thread is blocked
     * reading or writing it: that thread fails promptly. Idempotent.
     */
    void close();

    /** "plain" or the TLS protocol and cipher suite, for logs. */
    String describe();
}
