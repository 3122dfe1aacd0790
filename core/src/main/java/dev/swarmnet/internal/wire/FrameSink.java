package dev.swarmnet.internal.wire;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A buffer frames are encoded into. What happens when it is full is the subclass's business: the
 * connection writer writes it to the socket, the stream pump hands it to its writer thread.
 */
public abstract class FrameSink {
    protected ByteBuffer buf;

    protected FrameSink(ByteBuffer buf) {
        this.buf = buf;
    }

    /** Makes room in {@link #buf} (which may be replaced by an empty one). */
    protected abstract void drain() throws IOException;

    public final void header(int type, int bodyLength) throws IOException {
        ensure(Protocol.FRAME_HEADER_SIZE);
        buf.putInt(bodyLength).put((byte) type);
    }

    public final void putByte(int v) throws IOException {
        ensure(1);
        buf.put((byte) v);
    }

    public final void putShort(int v) throws IOException {
        ensure(2);
        buf.putShort((short) v);
    }

    public final void putInt(int v) throws IOException {
        ensure(4);
        buf.putInt(v);
    }

    public final void putLong(long v) throws IOException {
        ensure(8);
        buf.putLong(v);
    }

    public final void put(byte[] bytes) throws IOException {
        int offset = 0;
        int length = bytes.length;
        while (length > 0) {
            if (!buf.hasRemaining()) {
                drain();
            }
            int n = Math.min(length, buf.remaining());
            buf.put(bytes, offset, n);
            offset += n;
            length -= n;
        }
    }

    private void ensure(int n) throws IOException {
        if (buf.remaining() < n) {
            drain();
        }
    }
}
