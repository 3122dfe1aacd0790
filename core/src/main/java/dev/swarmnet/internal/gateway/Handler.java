package dev.swarmnet.internal.gateway;

import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.SendSubroutine;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.Subroutine;
import dev.swarmnet.internal.CallImpl;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Handshake;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's end of one connection: a plain loop on its own thread that reads a request, runs it
 * and answers, one operation at a time. While a stream runs, the loop keeps reading the client's
 * credit and cancel frames.
 */
public final class Handler implements Runnable {
    private static final long STREAM_END_GRACE_SECONDS = 10;
    private static final int DRAIN_MILLIS = 1000;
    private static final long MAX_DRAIN_BYTES = 1 << 20;

    private final SocketChannel channel;
    private final GatewayContext ctx;
    private final String id;
    private final AtomicBoolean released = new AtomicBoolean();
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile StreamSession stream;
    private ConnectionWriter writer;
    private FrameReader reader;
    private FileService files;

    public Handler(SocketChannel channel, GatewayContext ctx, String id) {
        this.channel = channel;
        this.ctx = ctx;
        this.id = id;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            reader = new FrameReader(channel.socket().getInputStream(), channel, ctx.maxFrameSize());
            writer = new ConnectionWriter(channel);
            if (handshake()) {
                ctx.log().progress("handler {} ready for {}", id, remote());
                serve();
            }
        } catch (EOFException e) {
            ctx.log().progress("handler {}: client left", id);
        } catch (ProtocolViolation v) {
            ctx.log().logger().warn("handler {}: {} from {}; closing", id, v.getMessage(), remote());
            sendErrorQuietly(v.code(), v.getMessage());
        } catch (IOException e) {
            ctx.log().progress("handler {}: connection ended: {}", id, e.toString());
        } catch (RuntimeException e) {
            ctx.log().logger().error("handler {} failed", id, e);
            sendErrorQuietly(ErrorCode.INTERNAL, "the gateway's handler failed: " + e);
        } finally {
            endStream();
            if (files != null) {
                files.close();
            }
            closeQuietly();
            releaseSlot();
            exited.countDown();
        }
    }

    /** Ends this handler from outside (gateway close): its blocked read fails and the loop exits. */
    void shutdown() {
        closeQuietly(); // first: a stream's writer blocked on a stalled peer fails instead of holding us
        StreamSession s = stream;
        if (s != null) {
            s.cancel();
        }
    }

    /** Waits until the handler's thread has finished; a handler never waits for itself. */
    boolean awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
        return Thread.currentThread() == thread || exited.await(timeout, unit);
    }

    /** The client must answer the hello in time: a silent connection must not hold a pool slot. */
    private boolean handshake() throws IOException {
        Handshake.writeServerHello(writer, Protocol.STATUS_READY);
        channel.socket().setSoTimeout(ctx.handshakeTimeoutMillis());
        Handshake.ClientHello hello;
        try {
            hello = Handshake.readClientHello(reader);
        } catch (SocketTimeoutException e) {
            ctx.log().logger().warn("handler {}: {} sent no hello within {} ms; closing", id, remote(),
                    ctx.handshakeTimeoutMillis());
            return false;
        }
        channel.socket().setSoTimeout(0);
        if (hello.version() != Protocol.VERSION) {
            throw new ProtocolViolation(ErrorCode.UNSUPPORTED_VERSION, "client speaks protocol version "
                    + hello.version() + "; this gateway speaks " + Protocol.VERSION);
        }
        return true;
    }

    private void serve() throws IOException {
        while (true) {
            int type = reader.next();
            if (type == Protocol.STREAM_CREDIT) {
                onCredit();
                continue;
            }
            if (type == Protocol.STREAM_CANCEL) {
                onCancel();
                continue;
            }
            finishStream();
            if (!serveRequest(type)) {
                return;
            }
        }
    }

    /** Serves one request; false when the connection is to end. */
    private boolean serveRequest(int type) throws IOException {
        switch (type) {
            case Protocol.PING:
                byte[] message = reader.readRest();
                writer.write(sink -> Frames.bytes(sink, Protocol.PONG, message));
                return true;
            case Protocol.BATCH_CALL:
                onBatch(new CallImpl(reader.readName(), reader.readSized(), null));
                return true;
            case Protocol.SEND_CALL:
                onSend(new CallImpl(reader.readName(), reader.readSized(), reader.readRest()));
                return true;
            case Protocol.STREAM_CALL:
                int window = reader.readInt();
                onStream(new CallImpl(reader.readName(), reader.readSized(), null), window);
                return true;
            case Protocol.FILE_LIST:
                files().list(reader, writer);
                return true;
            case Protocol.FILE_GET:
                files().get(reader, writer);
                return true;
            case Protocol.FILE_PUT:
                files().put(reader, writer);
                return true;
            case Protocol.FILE_PUT_RANGE:
                files().putRange(reader, writer);
                return true;
            case Protocol.FILE_PUT_COMMIT:
                files().commit(reader, writer);
                return true;
            case Protocol.CLOSE_HANDLER:
                releaseSlot(); // before BYE, so the client may count on the slot once it has read BYE
                writer.write(sink -> Frames.empty(sink, Protocol.BYE));
                return false;
            case Protocol.CLOSE_GATEWAY:
                ctx.log().logger().info("handler {}: client {} asked the gateway to close", id, remote());
                writer.write(sink -> Frames.empty(sink, Protocol.BYE));
                ctx.closeGatewayAsync().run();
                return false;
            default:
                throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                        "unexpected frame type 0x" + Integer.toHexString(type));
        }
    }

    private FileService files() {
        if (files == null) {
            files = new FileService(ctx.shares(), ctx.downloadDir(), ctx.maxFilesPerQuery(), ctx.stripedUploads());
        }
        return files;
    }

    private void onBatch(CallImpl call) throws IOException {
        BatchSubroutine sub = lookup(call, BatchSubroutine.class, "getSubroutineBatch");
        if (sub == null) {
            return;
        }
        byte[] result;
        try {
            result = sub.call(call);
        } catch (Throwable t) {
            replyFailure(call, t);
            return;
        }
        byte[] reply = result == null ? new byte[0] : result;
        if (reply.length > ctx.maxFrameSize()) {
            replyError(ErrorCode.RESULT_TOO_LARGE, "result of '" + call.name() + "' is " + reply.length
                    + " bytes, more than the maximum frame size " + ctx.maxFrameSize() + "; use a stream");
            return;
        }
        writer.write(sink -> Frames.bytes(sink, Protocol.BATCH_RESULT, reply));
    }

    private void onSend(CallImpl call) throws IOException {
        SendSubroutine sub = lookup(call, SendSubroutine.class, "sendSubroutineBatch");
        if (sub == null) {
            return;
        }
        Integer result;
        try {
            result = sub.call(call);
        } catch (Throwable t) {
            replyFailure(call, t);
            return;
        }
        int value = result == null ? 0 : result;
        writer.write(sink -> Frames.sendResult(sink, value));
    }

    private void onStream(CallImpl call, int window) throws IOException {
        if (window <= 0) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "stream window must be positive");
        }
        StreamSubroutine sub = lookup(call, StreamSubroutine.class, "getSubroutineStream");
        if (sub == null) {
            return;
        }
        StreamSession session = new StreamSession(channel, sub, call, window, ctx.maxFrameSize());
        stream = session;
        session.start(ctx.helpers());
    }

    private void onCredit() throws IOException {
        int bytes = reader.readInt();
        if (bytes <= 0) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "stream credit must be positive");
        }
        StreamSession s = stream;
        if (s != null) {
            s.grant(bytes);
        } // else: credit that crossed the stream's end on the wire
    }

    private void onCancel() {
        StreamSession s = stream;
        if (s != null) {
            s.cancel();
        } // else: a cancel that crossed the stream's end on the wire
    }

    /** Before the next request: the previous stream must have been ended, and its threads done. */
    private void finishStream() throws IOException {
        StreamSession s = stream;
        if (s == null) {
            return;
        }
        if (!s.endQueued()) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "a request arrived while a stream was running");
        }
        awaitStream(s);
    }

    private void endStream() {
        StreamSession s = stream;
        if (s != null) {
            s.cancel();
            awaitStream(s);
        }
    }

    private void awaitStream(StreamSession s) {
        try {
            if (!s.awaitEnd(STREAM_END_GRACE_SECONDS, TimeUnit.SECONDS)) {
                ctx.log().logger().warn("handler {}: a stream subroutine ignored its cancellation for {} s;"
                        + " leaving it behind", id, STREAM_END_GRACE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stream = null;
    }

    private <T extends Subroutine> T lookup(CallImpl call, Class<T> kind, String clientMethod) throws IOException {
        Subroutine sub = ctx.registry().get(call.name());
        if (sub == null) {
            replyError(ErrorCode.UNKNOWN_SUBROUTINE, "no subroutine named '" + call.name() + "'; this gateway has "
                    + ctx.registry().names());
            return null;
        }
        if (!kind.isInstance(sub)) {
            replyError(ErrorCode.WRONG_KIND, "'" + call.name() + "' is a " + kindName(sub)
                    + " subroutine and cannot be called with " + clientMethod);
            return null;
        }
        return kind.cast(sub);
    }

    private static String kindName(Subroutine sub) {
        if (sub instanceof BatchSubroutine) {
            return "batch";
        }
        return sub instanceof SendSubroutine ? "send" : "stream";
    }

    private void replyFailure(CallImpl call, Throwable t) throws IOException {
        Failures f = Failures.of(call.name(), t);
        if (f.code() == ErrorCode.SUBROUTINE_FAILED) {
            ctx.log().logger().warn("handler {}: {}", id, f.message(), t);
        }
        replyError(f.code(), f.message());
    }

    private void replyError(ErrorCode code, String message) throws IOException {
        writer.write(sink -> Frames.error(sink, code, message));
    }

    private void sendErrorQuietly(ErrorCode code, String message) {
        try {
            endStream();
            if (writer != null && channel.isOpen()) {
                replyError(code, message);
                drainBeforeClose();
            }
        } catch (IOException ignored) {
            // the peer is already gone; the violation is logged
        }
    }

    /**
     * Closing a socket with unread input resets the connection, and a reset can destroy the ERROR
     * before the peer reads it: so send FIN first, then discard what the peer still sends, briefly.
     */
    private void drainBeforeClose() throws IOException {
        channel.shutdownOutput();
        channel.socket().setSoTimeout(DRAIN_MILLIS);
        InputStream in = channel.socket().getInputStream();
        byte[] discard = new byte[8192];
        long total = 0;
        try {
            int n;
            while (total < MAX_DRAIN_BYTES && (n = in.read(discard)) >= 0) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            // the peer kept the connection open; close it anyway
        }
    }

    private void releaseSlot() {
        if (released.compareAndSet(false, true)) {
            ctx.pool().release(this);
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do for a socket that will not close
        }
    }

    private String remote() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }

    @Override
    public String toString() {
        return "Handler[" + id + "]";
    }
}
