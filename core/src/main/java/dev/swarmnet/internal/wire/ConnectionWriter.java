package dev.swarmnet.internal.wire;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.zip.Checksum;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes whole frames to a connection: each {@link #write} encodes into a buffer and sends it with as
 * few system calls as the size allows. A lock keeps frames from different threads whole (a
 * ReentrantLock, not synchronized, so virtual threads do not pin).
 *
 * <p>On a plain socket the buffer is direct and large file bodies go by sendfile. On TLS (no
 * sendfile) the buffer is a heap array the SSL socket encrypts from without another copy, and file
 * bodies are read into that same buffer block by block: no allocation per chunk.
 */
public final class ConnectionWriter extends FrameSink {
    /**
     * The send buffer starts small and doubles, up to {@link #MAX_BUFFER_SIZE}, each time frames overflow
     * it: a connection of small calls keeps 8 KiB (direct memory is bounded by the heap size by default, so
     * 64 KiB per connection ran out at a thousand connections under a 64 MiB heap), bulk traffic soon
     * writes 64 KiB per system call.
     */
    private static final int INITIAL_BUFFER_SIZE = 8 * 1024;
    private static final int MAX_BUFFER_SIZE = 64 * 1024;
    /**
     * The most one sendfile call may send: a call blocks until all of it is written, and the stall
     * watchdogs judge a peer by how long one call blocks, so a slow link must finish a call in well
     * under their timeouts (1 MiB at 20 KB/s takes 52 s). Costs one system call per MiB.
     */
    private static final long MAX_SENDFILE_CALL = 1 << 20;

    private final WritableByteChannel channel;
    private final boolean sendfile;
    private final ReentrantLock lock = new ReentrantLock();
    private final BlockedClock writing = new BlockedClock();

    /** A writer for a plain socket channel (sendfile allowed). */
    public ConnectionWriter(WritableByteChannel channel) {
        this(channel, true);
    }

    /** A writer for {@code transport}'s output. */
    public ConnectionWriter(Transport transport) {
        this(transport.output(), transport.supportsSendfile());
    }

    private ConnectionWriter(WritableByteChannel channel, boolean sendfile) {
        super(allocate(INITIAL_BUFFER_SIZE, sendfile));
        this.channel = channel;
        this.sendfile = sendfile;
    }

    private static ByteBuffer allocate(int size, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    /** Whether {@link #transferFile} uses sendfile (plain TCP) rather than the send buffer (TLS). */
    public boolean usesSendfile() {
        return sendfile;
    }

    /**
     * Sends frames only if no other thread is writing now (a heartbeat must never wait behind, or
     * interleave with, a frame another thread is sending).
     *
     * @return false when the writer was busy and nothing was sent
     */
    public boolean tryWrite(FrameEncoder encoder) throws IOException {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            encoder.encode(this);
            send();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The write this writer is blocked in, if any (see {@link BlockedClock}). */
    public BlockedClock writing() {
        return writing;
    }

    /** Encodes and sends frames, returning once they are handed to the kernel. */
    public void write(FrameEncoder encoder) throws IOException {
        lock.lock();
        try {
            encoder.encode(this); // after anything appended before: frames leave in order
            send();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Encodes frames into the buffer without sending them unless it fills: many small files then
     * leave in few system calls. Call {@link #flush()} when the batch is done. Single writer only.
     */
    public void append(FrameEncoder encoder) throws IOException {
        encoder.encode(this);
    }

    /**
     * Reads {@code length} bytes of {@code file} from {@code position} straight into the send buffer
     * (one copy, kernel to buffer), updating {@code checksum}. If the file turns out shorter (it
     * shrank), zeros make up the promised length so the connection stays in step.
     *
     * @return false when the file was short and zeros were sent
     */
    public boolean appendFile(FileChannel file, long position, long length, Checksum checksum) throws IOException {
        return copyFile(file, position, length, checksum);
    }

    /** {@link #appendFile}, updating {@code checksum} unless it is null. */
    private boolean copyFile(FileChannel file, long position, long length, Checksum checksum) throws IOException {
        long done = 0;
        while (done < length) {
            if (!buf.hasRemaining()) {
                drain();
            }
            int start = buf.position();
            int chunk = (int) Math.min(buf.remaining(), length - done);
            int n = readFile(file, buf.duplicate().limit(start + chunk), position + done);
            if (n <= 0) {
                pad(length - done);
                return false;
            }
            if (checksum != null) {
                checksum.update(buf.duplicate().position(start).limit(start + n));
            }
            buf.position(start + n);
            done += n;
        }
        return true;
    }

    /**
     * A positional read of a file being sent. A file that cannot be read any more (an I/O error, or a folder
     * swapped in for it) reads as ended: the body is made up with zeros and flagged as changed, so the client
     * retries it rather than losing its connection. A closed channel (the thread was interrupted) still throws.
     *
     * @return the bytes read, or -1 at the end of the file or when it cannot be read
     */
    public static int readFile(FileChannel file, ByteBuffer into, long position) throws IOException {
        try {
            return file.read(into, position);
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Sends what is buffered, then {@code length} bytes of {@code file} with sendfile (transferTo);
     * zeros make up the length if the file shrank meanwhile. Where sendfile is not possible (TLS) the
     * bytes go through the send buffer instead, which is sent as it fills.
     *
     * @return false when the file was short and zeros were sent
     */
    public boolean transferFile(FileChannel file, long position, long length) throws IOException {
        if (!sendfile) {
            return copyFile(file, position, length, null);
        }
        send();
        long done = 0;
        while (done < length) {
            long n = sendfile(file, position + done, Math.min(length - done, MAX_SENDFILE_CALL));
            if (n <= 0 && position + done >= file.size()) {
                pad(length - done);
                return false;
            }
            done += n;
        }
        return true;
    }

    private long sendfile(FileChannel file, long position, long count) throws IOException {
        writing.enter();
        try {
            return file.transferTo(position, count, channel);
        } finally {
            writing.exit();
        }
    }

    private void pad(long count) throws IOException {
        for (long left = count; left > 0; ) {
            if (!buf.hasRemaining()) {
                drain();
            }
            int n = (int) Math.min(buf.remaining(), left);
            for (int i = 0; i < n; i++) {
                buf.put((byte) 0);
            }
            left -= n;
        }
    }

    /** Sends what is buffered. */
    public void flush() throws IOException {
        send();
    }

    /** Sends raw bytes (the hello). */
    public void writeRaw(byte[] bytes) throws IOException {
        write(sink -> sink.put(bytes));
    }

    /** The buffer overflowed: send it, and take a larger one if it is not the largest yet. */
    @Override
    protected void drain() throws IOException {
        send();
        if (buf.capacity() < MAX_BUFFER_SIZE) {
            buf = allocate(2 * buf.capacity(), buf.isDirect());
        }
    }

    private void send() throws IOException {
        buf.flip();
        writing.enter();
        try {
            Channels.writeFully(channel, buf);
        } finally {
            writing.exit();
        }
        buf.clear();
    }
}
