package dev.swarmnet.internal.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes whole frames to a connection: each {@link #write} encodes into a direct buffer and sends it
 * with as few system calls as the size allows. A lock keeps frames from different threads whole (a
 * ReentrantLock, not synchronized, so virtual threads do not pin).
 */
public final class ConnectionWriter extends FrameSink {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final WritableByteChannel channel;
    private final ReentrantLock lock = new ReentrantLock();

    public ConnectionWriter(WritableByteChannel channel) {
        super(ByteBuffer.allocateDirect(BUFFER_SIZE));
        this.channel = channel;
    }

    /** Encodes and sends frames, returning once they are handed to the kernel. */
    public void write(FrameEncoder encoder) throws IOException {
        lock.lock();
        try {
            buf.clear();
            encoder.encode(this);
            drain();
        } finally {
            lock.unlock();
        }
    }

    /** Sends raw bytes (the hello). */
    public void writeRaw(byte[] bytes) throws IOException {
        write(sink -> sink.put(bytes));
    }

    @Override
    protected void drain() throws IOException {
        buf.flip();
        Channels.writeFully(channel, buf);
        buf.clear();
    }
}
