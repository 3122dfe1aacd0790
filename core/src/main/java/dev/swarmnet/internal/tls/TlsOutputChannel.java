package dev.swarmnet.internal.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SSL socket's output stream as a channel. Heap buffers (the connection writer's, on TLS) are
 * handed over without a copy; direct ones (a stream's pump) go through one reused array. Unlike
 * {@code Channels.newChannel}, which copies in 8 KiB pieces, each write here becomes as few TLS
 * records (16 KiB each) as its size allows.
 */
final class TlsOutputChannel implements WritableByteChannel {
    private static final int SCRATCH_SIZE = 64 * 1024;

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private byte[] scratch;
    private volatile boolean open = true;

    TlsOutputChannel(OutputStream out) {
        this.out = out;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (src.hasArray()) {
            out.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
            return n;
        }
        lock.lock();
        try {
            if (scratch == null) {
                scratch = new byte[SCRATCH_SIZE];
            }
            while (src.hasRemaining()) {
                int k = Math.min(src.remaining(), scratch.length);
                src.get(scratch, 0, k);
                out.write(scratch, 0, k);
            }
        } finally {
            lock.unlock();
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
