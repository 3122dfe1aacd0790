package dev.swarmnet.internal.wire;

import dev.swarmnet.ErrorCode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.zip.Checksum;

/**
 * Reads frames from a blocking stream through one buffer, so that many small frames cost one read
 * call; large bodies go straight into their destination array. Every field read is checked against
 * the frame's declared length, and a length prefix above the maximum is refused before anything is
 * allocated.
 */
public final class FrameReader {
    /**
     * The frame buffer starts small and doubles, up to {@link #MAX_BUFFER_SIZE}, when a read fills it or a
     * field needs more: a connection of small calls keeps 8 KiB (10,000 idle connections hold 80 MiB of
     * heap, not 640), one that carries bulk frames soon reads 64 KiB per system call.
     */
    private static final int INITIAL_BUFFER_SIZE = 8 * 1024;
    private static final int MAX_BUFFER_SIZE = 64 * 1024;

    /**
     * Raw bodies are read through one buffer of up to this size, sized to the largest body so far: a 16 MiB
     * buffer moved a 1 GiB file at 0.88x of the transferTo floor where 4 MiB made 0.63-0.75x (fewer, larger
     * reads and tmpfs writes), and a swarm's 8 MiB stripes take 8 MiB per connection, not 16.
     */
    private static final int MAX_RAW_BUFFER = 16 * 1024 * 1024;
    private static final int MIN_RAW_BUFFER = 256 * 1024;

    private final InputStream in;
    private final ReadableByteChannel channel;
    private final int maxFrameSize;
    private ByteBuffer rawBuffer;
    private byte[] buf = new byte[INITIAL_BUFFER_SIZE];
    private int pos;
    private int limit;
    private int remaining;
    private final BlockedClock reading = new BlockedClock();

    public FrameReader(InputStream in, int maxFrameSize) {
        this(in, null, maxFrameSize);
    }

    /** With {@code channel} (the same connection as {@code in}), raw file bodies skip a copy. */
    public FrameReader(InputStream in, ReadableByteChannel channel, int maxFrameSize) {
        this.in = in;
        this.channel = channel;
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Copies the next {@code length} unframed bytes (a file body, after its header frame) to
     * {@code out} at {@code position} — or discards them when {@code out} is null — updating
     * {@code checksum} and reporting each block to {@code progress}. A failure to write the file does
     * not stop the copy (the connection must stay in step): it is returned, null when all went well.
     * A failure to read the connection is thrown.
     */
    public IOException copyRaw(long length, FileChannel out, long position, Checksum checksum, LongConsumer progress)
            throws IOException {
        return copyRawInto(length, out == null ? null : (data, at) -> {
            while (data.hasRemaining()) {
                at += out.write(data, at);
            }
        }, position, checksum, progress);
    }

    /**
     * {@link #copyRaw(long, FileChannel, long, Checksum, LongConsumer)} into any {@link RawTarget}: the first
     * failure it throws is returned, and the bytes after it are read and dropped.
     */
    public IOException copyRawInto(long length, RawTarget out, long position, Checksum checksum, LongConsumer progress)
            throws IOException {
        if (remaining != 0) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "raw bytes inside a frame body");
        }
        RawSink sink = new RawSink(out, position);
        int buffered = (int) Math.min(length, limit - pos);
        if (buffered > 0) {
            checksum.update(buf, pos, buffered);
            sink.write(ByteBuffer.wrap(buf, pos, buffered));
            pos += buffered;
            progress.accept(buffered);
        }
        long done = buffered;
        ByteBuffer raw = rawBuffer(length - done);
        while (done < length) {
            raw.clear().limit((int) Math.min(raw.capacity(), length - done));
            if (readRaw(raw) < 0) {
                throw new EOFException("connection closed inside a file body");
            }
            raw.flip();
            int n = raw.remaining();
            checksum.update(raw.duplicate());
            sink.write(raw);
            done += n;
            progress.accept(n);
        }
        return sink.failure;
    }

    /**
     * Reads the next {@code dst.length} unframed bytes (a small file body, kept in memory) into {@code dst},
     * updating {@code checksum}. Bytes already buffered are copied; the rest is read ahead in one buffer fill,
     * so the frames behind the body come with it.
     */
    public void readRawFully(byte[] dst, Checksum checksum) throws IOException {
        readRawFully(dst, dst.length, checksum);
    }

    /** As {@link #readRawFully(byte[], Checksum)}, into the first {@code length} bytes of {@code dst}. */
    public void readRawFully(byte[] dst, int length, Checksum checksum) throws IOException {
        if (remaining != 0) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "raw bytes inside a frame body");
        }
        int done = 0;
        while (done < length) {
            if (pos == limit && !fill(Math.min(length - done, MAX_BUFFER_SIZE))) {
                throw new EOFException("connection closed inside a file body");
            }
            int n = Math.min(length - done, limit - pos);
            System.arraycopy(buf, pos, dst, done, n);
            pos += n;
            done += n;
        }
        checksum.update(dst, 0, length);
    }

    /** Where a raw body's bytes go, block by block, each at its position in the file. */
    @FunctionalInterface
    public interface RawTarget {
        /** Writes all of {@code data} at {@code position}. */
        void write(ByteBuffer data, long position) throws IOException;
    }

    /** Where raw bytes go: a file at a moving position, until the file fails; then nowhere. */
    private static final class RawSink {
        private final RawTarget out;
        private long position;
        private IOException failure;

        RawSink(RawTarget out, long position) {
            this.out = out;
            this.position = position;
        }

        void write(ByteBuffer data) {
            int n = data.remaining();
            if (out != null && failure == null) {
                try {
                    out.write(data, position);
                } catch (IOException e) {
                    failure = e;
                }
            }
            data.position(data.limit());
            position += n;
        }
    }

    private int readRaw(ByteBuffer raw) throws IOException {
        reading.enter();
        try {
            if (channel != null) {
                return channel.read(raw);
            }
            int n = in.read(raw.array(), raw.position(), raw.remaining());
            if (n > 0) {
                raw.position(raw.position() + n);
            }
            return n;
        } finally {
            reading.exit();
        }
    }

    private ByteBuffer rawBuffer(long wanted) {
        int size = (int) Math.max(MIN_RAW_BUFFER, Math.min(MAX_RAW_BUFFER, wanted));
        if (rawBuffer == null || rawBuffer.capacity() < size) {
            rawBuffer = channel != null ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        }
        return rawBuffer;
    }

    /**
     * Whether bytes beyond the current frame are here already, buffered or waiting in the connection: a gateway
     * busy with a long reply (a listing) checks this to serve the requests a client sent meanwhile, without
     * ever waiting for one. A connection that cannot tell (some TLS sockets) answers false, and is served later.
     */
    public boolean hasPendingInput() {
        if (limit - pos > remaining) {
            return true;
        }
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Skips what is left of the current frame and reads the next header.
     *
     * @return the frame type; {@link #remaining()} is its body length
     * @throws EOFException when the peer closed the connection between frames
     */
    public int next() throws IOException {
        skipRest();
        if (!fill(Protocol.FRAME_HEADER_SIZE)) {
            if (limit - pos == 0) {
                throw new EOFException("connection closed by peer");
            }
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "connection closed inside a frame header");
        }
        int length = getInt(pos);
        int type = buf[pos + 4] & 0xFF;
        pos += Protocol.FRAME_HEADER_SIZE;
        if (length < 0 || length > maxFrameSize) {
            throw new ProtocolViolation(ErrorCode.FRAME_TOO_LARGE, "frame of " + Integer.toUnsignedString(length)
                    + " bytes exceeds the maximum frame size of " + maxFrameSize);
        }
        remaining = length;
        return type;
    }

    /** Body bytes of the current frame not read yet. */
    public int remaining() {
        return remaining;
    }

    public int readUnsignedByte() throws IOException {
        take(1);
        return buf[pos++] & 0xFF;
    }

    public int readUnsignedShort() throws IOException {
        take(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int readInt() throws IOException {
        take(4);
        int v = getInt(pos);
        pos += 4;
        return v;
    }

    public long readLong() throws IOException {
        take(8);
        long v = ((long) getInt(pos) << 32) | (getInt(pos + 4) & 0xFFFFFFFFL);
        pos += 8;
        return v;
    }

    /** A field of {@code length} bytes as strict UTF-8; malformed input is a protocol violation. */
    public String readUtf8(int length) throws IOException {
        return Utf8.decode(readBytes(length));
    }

    /** A u16-length-prefixed UTF-8 name of at most {@link Protocol#MAX_NAME_BYTES}. */
    public String readName() throws IOException {
        int length = readUnsignedShort();
        if (length > Protocol.MAX_NAME_BYTES) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "name of " + length + " bytes is too long");
        }
        return readUtf8(length);
    }

    /** A u16-length-prefixed UTF-8 path of at most {@link Protocol#MAX_PATH_BYTES}. */
    public String readPath() throws IOException {
        int length = readUnsignedShort();
        if (length > Protocol.MAX_PATH_BYTES) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "path of " + length + " bytes is too long");
        }
        return readUtf8(length);
    }

    /** A u32-length-prefixed byte field. */
    public byte[] readSized() throws IOException {
        int length = readInt();
        if (length < 0) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "negative field length");
        }
        return readBytes(length);
    }

    public byte[] readBytes(int length) throws IOException {
        checkBody(length);
        byte[] out = new byte[length];
        int buffered = Math.min(length, limit - pos);
        System.arraycopy(buf, pos, out, 0, buffered);
        pos += buffered;
        readFullyInto(out, buffered, length - buffered);
        remaining -= length;
        return out;
    }

    /** The rest of the current frame's body. */
    public byte[] readRest() throws IOException {
        return readBytes(remaining);
    }

    /** Reads exactly {@code length} bytes (at most 64 KiB) that are not part of a frame (the hello). */
    public byte[] readRaw(int length) throws IOException {
        if (length < 0 || length > MAX_BUFFER_SIZE) { // fill() could never make room for more: it would spin
            throw new IllegalArgumentException("cannot read " + length + " raw bytes at once");
        }
        if (!fill(length)) {
            throw new EOFException("connection closed during the handshake");
        }
        byte[] out = new byte[length];
        System.arraycopy(buf, pos, out, 0, length);
        pos += length;
        return out;
    }

    public void skipRest() throws IOException {
        while (remaining > 0) {
            if (pos == limit && !fill(1)) {
                throw new EOFException("connection closed inside a frame body");
            }
            int n = Math.min(remaining, limit - pos);
            pos += n;
            remaining -= n;
        }
    }

    private void take(int n) throws IOException {
        checkBody(n);
        if (!fill(n)) {
            throw new EOFException("connection closed inside a frame body");
        }
        remaining -= n;
    }

    private void checkBody(int n) throws ProtocolViolation {
        if (n > remaining) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                    "frame body is shorter than its fields (needs " + n + " more bytes, has " + remaining + ")");
        }
    }

    private void readFullyInto(byte[] out, int offset, int length) throws IOException {
        while (length > 0) {
            int n = read(out, offset, length);
            if (n < 0) {
                throw new EOFException("connection closed inside a frame body");
            }
            offset += n;
            length -= n;
        }
    }

    /** Makes at least {@code n} (at most {@link #MAX_BUFFER_SIZE}) bytes available; false on end of stream. */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        compact();
        if (n > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(MAX_BUFFER_SIZE, Math.max(n, 2 * buf.length)));
        }
        while (limit < n) {
            int space = buf.length - limit;
            int read = read(buf, limit, space);
            if (read < 0) {
                return false;
            }
            limit += read;
            if (read == space && buf.length < MAX_BUFFER_SIZE) {
                buf = Arrays.copyOf(buf, 2 * buf.length); // more was waiting: read more per call from now on
            }
        }
        return true;
    }

    private void compact() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
    }

    /** One blocking read from the connection, marked on {@link #reading()}. */
    private int read(byte[] into, int offset, int length) throws IOException {
        reading.enter();
        try {
            return in.read(into, offset, length);
        } finally {
            reading.exit();
        }
    }

    /**
     * The read this reader is blocked in, if any. Another thread may ask: a gateway's timer tells a peer
     * that stopped sending from one that is slow, a controller's watchdog a stalled gateway.
     */
    public BlockedClock reading() {
        return reading;
    }

    private int getInt(int at) {
        return ((buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8)
                | (buf[at + 3] & 0xFF);
    }
}
