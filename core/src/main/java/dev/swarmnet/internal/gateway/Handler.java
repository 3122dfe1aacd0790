package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.Channels;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.wire.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's end of one connection: a plain loop on its own thread that reads a request, runs it
 * and answers, one operation at a time. While a stream runs, the loop keeps reading the client's
 * credit and cancel frames.
 *
 * <p>Before that loop, on this thread (never the acceptor's): the handshake ({@link HandshakeStage}),
 * without a pool slot; the slot is taken only once the client is in (authenticated, when the gateway
 * has a secret), so connections that never finish a handshake cannot keep others out of the pool.
 */
public final class Handler implements Runnable {
    private static final long STREAM_END_GRACE_SECONDS = 10;
    /** {@link #activity} once the idle timeout, or the gateway's shutdown, closed the connection. */
    private static final long IDLE_CLOSED = -1;
    /** {@link #idleSeen} when the handler was not waiting at the last check. */
    private static final long BUSY = -2;
    /** After an idle close, the socket is cut at the latest this much later, even if the ERROR is stuck. */
    private static final long IDLE_CLOSE_GRACE_MILLIS = 1000;

    private final SocketChannel channel;
    private final GatewayContext ctx;
    private final String id;
    private final HandshakeStage handshake;
    /** True until the handler takes its pool slot, after its handshake: nothing to give back before. */
    private final AtomicBoolean released = new AtomicBoolean(true);
    /** Even: waiting for frame number n/2; odd: serving it; {@link #IDLE_CLOSED}. Odd (busy) until serving starts. */
    private final AtomicLong activity = new AtomicLong(1);
    private long idleSeen = BUSY; // the timer thread's own
    private long idleSince;
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile StreamSession stream;
    private final RunningCall running = new RunningCall();
    private final TransferPause transferPause = new TransferPause();
    private final Heartbeat heartbeat = new Heartbeat(running);
    private String remote = "?";
    private Transport transport;
    private volatile ConnectionWriter writer; // also used by the timer thread (stall check, keepalive)
    private volatile FrameReader reader; // also read by the timer thread (stall check)
    private FileService files;
    private CallService calls;

    Handler(SocketChannel channel, GatewayContext ctx, String id, HandshakeStage handshake) {
        this.channel = channel;
        this.ctx = ctx;
        this.id = id;
        this.handshake = handshake;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        remote = handshake.remote();
        try {
            if (handshake.run() && admitted()) {
                ctx.log().progress("handler {} ready for {} ({})", id, remote(), transport.describe());
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

    /**
     * After a successful handshake: takes a pool slot and lets the client in (AUTH_OK); or, when the pool
     * filled up meanwhile, tells the client POOL_FULL in place of AUTH_OK.
     */
    private boolean admitted() throws IOException {
        if (!ctx.pool().tryAcquire()) {
            handshake.refuse(ErrorCode.POOL_FULL, ctx.pool().refusal());
            return false;
        }
        released.set(false);
        ctx.pool().register(this);
        if (ctx.shutdown().draining()) { // registered after the shutdown looked at the pool: it would miss us
            handshake.refuse(ErrorCode.SHUTTING_DOWN, GracefulShutdown.REFUSAL);
            return false;
        }
        transport = handshake.transport();
        reader = handshake.reader();
        writer = handshake.writer();
        handshake.admit();
        return true;
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

    private void serve() throws IOException {
        for (long waiting = 0; ; waiting += 2) {
            activity.lazySet(waiting); // even: waiting for a frame (a plain store, no fence)
            int type;
            try {
                type = reader.next();
            } catch (IOException e) {
                if (activity.get() == IDLE_CLOSED) {
                    return; // closed for idling by the gateway's timer; already logged
                }
                throw e;
            }
            if (!activity.compareAndSet(waiting, waiting + 1)) {
                return; // the idle timeout closed the connection just as this frame arrived
            }
            if (type == Protocol.STREAM_CREDIT) {
                onCredit();
                continue;
            }
            if (type == Protocol.STREAM_CANCEL) {
                onCancel();
                continue;
            }
            finishStream();
            if (ctx.shutdown().refuses(type)) {
                ctx.log().progress("handler {}: the gateway is shutting down; refusing {}'s request", id, remote());
                sendErrorQuietly(ErrorCode.SHUTTING_DOWN, GracefulShutdown.REFUSAL);
                return;
            }
            if (type != Protocol.FILE_PUT && files != null) {
                files.awaitStores(); // the small uploads before this request are stored and answered first
            }
            boolean fileRequest = isFileRequest(type);
            long started = transferPause.started(fileRequest);
            if (!serveRequest(type)) {
                return;
            }
            transferPause.ended(fileRequest, started);
        }
    }

    static boolean isFileRequest(int type) {
        return type >= Protocol.FILE_LIST && type <= Protocol.FILE_PUT_QUERY || type == Protocol.FILE_REGET
                || type == Protocol.FILE_STAT || type == Protocol.FILE_SUM || type == Protocol.FILE_PUT_FOLDER;
    }

    /** Serves one request; false when the connection is to end. */
    private boolean serveRequest(int type) throws IOException {
        switch (type) {
            case Protocol.PING:
                byte[] message = reader.readRest();
                writer.write(sink -> Frames.bytes(sink, Protocol.PONG, message));
                return true;
            case Protocol.BATCH_CALL:
                calls().batch();
                return true;
            case Protocol.SEND_CALL:
                calls().send();
                return true;
            case Protocol.STREAM_CALL:
                startStream(calls().stream());
                return true;
            case Protocol.FILE_LIST:
                files().list(reader, writer);
                return true;
            case Protocol.FILE_GET:
                files().get(reader, writer, false);
                return true;
            case Protocol.FILE_REGET:
                files().get(reader, writer, true);
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
            case Protocol.FILE_PUT_QUERY:
                files().query(reader, writer);
                return true;
            case Protocol.FILE_STAT:
                files().stat(reader, writer);
                return true;
            case Protocol.FILE_SUM:
                files().sum(reader, writer);
                return true;
            case Protocol.FILE_PUT_FOLDER:
                files().putFolder(reader, writer);
                return true;
            case Protocol.CLOSE_HANDLER:
                releaseSlot(); // before BYE, so the client may count on the slot once it has read BYE
                writer.write(sink -> Frames.empty(sink, Protocol.BYE));
                return false;
            case Protocol.CLOSE_GATEWAY:
                if (!ctx.config().shutdown().allowRemote()) {
                    ctx.log().logger().warn("handler {}: client {} asked the gateway to close; refused"
                            + " (allowRemoteShutdown is false)", id, remote());
                    replyError(ErrorCode.FORBIDDEN, "this gateway does not allow remote shutdown"
                            + " (Gateway.builder().allowRemoteShutdown(false)); stop it on its own host");
                    return true;
                }
                ctx.log().logger().info("handler {}: client {} asked the gateway to close", id, remote());
                ctx.shutdown().stopAccepting(ctx.log()); // before BYE: the client cannot connect again after it
                writer.write(sink -> Frames.empty(sink, Protocol.BYE));
                ctx.closeGatewayAsync().run();
                return false;
            default:
                throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                        "unexpected frame type 0x" + Integer.toHexString(type));
        }
    }

    /**
     * Called by the gateway's timer thread every so often (see {@link LivenessTimer}): if this handler
     * has been waiting for a request, with no stream running or just ended, for the whole idle
     * timeout, its connection is closed. No read timeout and no thread per connection: the hot path
     * pays a plain store and a CAS per frame.
     */
    void checkIdle(long now, long idleNanos) {
        long a = activity.get();
        if (a != IDLE_CLOSED && stalledWriting(now, idleNanos) && activity.compareAndSet(a, IDLE_CLOSED)) {
            ctx.log().logger().warn("handler {}: {} took no byte of what the gateway sent for {} ms; closing", id,
                    remote(), ctx.config().liveness().idleTimeoutMillis());
            releaseSlot();
            closeQuietly(); // no ERROR: the client reads nothing, which is the trouble
            return;
        }
        if (a >= 0 && (a & 1) == 1 && stalledInsideRequest(now, idleNanos) && activity.compareAndSet(a, IDLE_CLOSED)) {
            closeAfter(this::closeStalled);
            return;
        }
        StreamSession s = stream;
        boolean streamBusy = s != null && !(s.endedBefore(idleNanos) && s.finished());
        if (a < 0 || (a & 1) == 1 || streamBusy) {
            idleSeen = BUSY; // closed already, serving a request, or streaming
            return;
        }
        if (a != idleSeen) {
            idleSeen = a;
            idleSince = now;
            return;
        }
        if (now - idleSince >= idleNanos && activity.compareAndSet(a, IDLE_CLOSED)) {
            closeAfter(this::closeIdle);
        }
    }

    /**
     * Whether the client stopped sending in the middle of a request (a frame body or an upload cut short):
     * this handler has been blocked in one read of it for the whole idle timeout. A slow client is not
     * stalled: each read that returns bytes starts the count again.
     */
    private boolean stalledInsideRequest(long now, long idleNanos) {
        FrameReader r = reader;
        return r != null && r.reading().blockedFor(now, idleNanos);
    }

    /**
     * Whether the client stopped reading what this handler sends (a download or stream to a peer that
     * vanished behind a live path, or that hangs): one write blocked for the whole idle timeout, or a
     * stream whose window is spent with no credit (no frame at all) from the client for that long.
     */
    private boolean stalledWriting(long now, long idleNanos) {
        ConnectionWriter w = writer;
        StreamSession s = stream;
        FrameReader r = reader;
        return (w != null && w.writing().blockedFor(now, idleNanos))
                || (s != null && s.writing().blockedFor(now, idleNanos))
                || (s != null && s.starvedFor(now, idleNanos) && r != null && r.reading().blockedFor(now, idleNanos));
    }

    /** Called by the gateway's timer thread: see {@link Heartbeat}. */
    void keepalive(long now, long intervalNanos) {
        heartbeat.beatIfDue(now, intervalNanos, writer, ctx.helpers(), this::interruptSubroutine);
    }

    /**
     * The client left while a batch or send subroutine runs (a keepalive could not be sent): interrupt the
     * subroutine, so that one that waits or checks its interrupt stops and frees the slot now.
     */
    private void interruptSubroutine() {
        ctx.log().progress("handler {}: {} left during a subroutine; interrupting it", id, remote());
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Runs {@code close} on a helper (never block the timer thread on a socket write), cuts the socket later. */
    private void closeAfter(Runnable close) {
        ctx.helpers().execute(close);
        try {
            ctx.timer().schedule(this::closeQuietly, IDLE_CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closeQuietly();
        }
    }

    /** Like {@link #closeIdle()}, for a client that stopped sending inside a request. */
    private void closeStalled() {
        int millis = ctx.config().liveness().idleTimeoutMillis();
        ctx.log().logger().warn("handler {}: {} stopped sending in the middle of a request for {} ms; closing", id,
                remote(), millis);
        releaseSlot();
        try {
            replyError(ErrorCode.IDLE_TIMEOUT, "the gateway closed this connection: no byte of the request came for "
                    + millis + " ms (its idleTimeout)");
        } catch (IOException | RuntimeException ignored) {
            // the client is gone already
        } finally {
            closeQuietly();
        }
    }

    /**
     * Frees the slot, tells the client why (it reads the ERROR as the reply to its next request) and
     * closes; the handler's thread, blocked reading, then ends. Runs on a helper thread.
     */
    private void closeIdle() {
        int millis = ctx.config().liveness().idleTimeoutMillis();
        ctx.log().progress("handler {}: {} idle for {} ms; closing", id, remote(), millis);
        releaseSlot();
        try {
            replyError(ErrorCode.IDLE_TIMEOUT, "the gateway closed this connection after " + millis
                    + " ms without a request (its idleTimeout); get a new client");
        } catch (IOException | RuntimeException ignored) {
            // the client is gone already
        } finally {
            closeQuietly();
        }
    }

    /**
     * The gateway is shutting down ({@link GracefulShutdown}): if this handler waits for its next request,
     * with no stream running, the client is told SHUTTING_DOWN and the connection closed now. The CAS on
     * {@link #activity} keeps this from racing a request that arrives at the same moment.
     */
    void closeIfIdle() {
        if (!transferPause.expectsMore(System.nanoTime())) {
            closeWhenWaiting();
        }
    }

    /**
     * {@link #closeIfIdle()} also between a transfer's requests.
     *
     * @return whether the handler was waiting and is now being closed
     */
    private boolean closeWhenWaiting() {
        long a = activity.get();
        StreamSession s = stream;
        boolean streaming = s != null && !(s.endQueued() && s.finished());
        if (a >= 0 && (a & 1) == 0 && !streaming && activity.compareAndSet(a, IDLE_CLOSED)) {
            closeAfter(() -> closeShuttingDown(GracefulShutdown.IDLE_CLOSE));
            return true;
        }
        return false;
    }

    /**
     * The gateway's shutdown grace period is over: a running stream, or a batch or send subroutine still
     * running, is answered SHUTTING_DOWN (the stream's subroutine is told as on a cancel).
     *
     * @return false when there is nothing to answer (a file moving, a request half read): cut it instead
     */
    boolean endGrace() {
        if (closeWhenWaiting()) {
            return true; // a transfer's connection between two of its requests
        }
        StreamSession s = stream;
        if (s != null && !s.endQueued()) {
            String message = ctx.shutdown().graceOver("stream '" + s.name() + "'");
            // On a helper: queueing the terminator waits for a frame in progress, which a client that stopped
            // reading holds up until the shutdown cuts the connection.
            ctx.helpers().execute(() -> s.shutDown(message));
            return true;
        }
        String name = running.takeOver();
        if (name == null) {
            return false;
        }
        String message = ctx.shutdown().graceOver("subroutine '" + name + "'");
        ctx.helpers().execute(() -> { // the handler's thread is inside the subroutine and writes nothing
            try {
                closeShuttingDown(message);
            } finally {
                releaseSlot(); // the thread serves nobody any more, however long the subroutine runs on
                running.answered();
            }
        });
        return true;
    }

    /**
     * After {@link #endGrace()}: waits until the client has its answer. A stream's handler ends once its
     * client read it; a subroutine that outlived the grace period holds its thread, so only the answer counts.
     */
    boolean awaitAnswered(long nanos) throws InterruptedException {
        return running.takenOver() ? running.awaitAnswered(nanos) : awaitExit(nanos, TimeUnit.NANOSECONDS);
    }

    /** Whether the thread is left in a subroutine whose call the shutdown answered: not worth waiting for. */
    boolean abandoned() {
        return running.takenOver();
    }

    /** Tells the client the gateway is shutting down and closes; from a thread other than the handler's. */
    private void closeShuttingDown(String message) {
        try {
            replyError(ErrorCode.SHUTTING_DOWN, message);
        } catch (IOException | RuntimeException ignored) {
            // the client is gone already
        } finally {
            closeQuietly();
        }
    }

    private CallService calls() {
        if (calls == null) {
            calls = new CallService(ctx, reader, writer, running, transport.output(), id);
        }
        return calls;
    }

    private void startStream(StreamSession session) {
        if (session != null) {
            stream = session;
            session.start(ctx.helpers());
        }
    }

    private FileService files() {
        if (files == null) {
            files = new FileService(ctx);
        }
        return files;
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

    /** FIN, then what the peer still sends is discarded briefly: see {@link Farewell}. */
    private void drainBeforeClose() throws IOException {
        Farewell.drain(transport);
    }

    private void releaseSlot() {
        if (released.compareAndSet(false, true)) {
            ctx.pool().release(this);
        }
    }

    private void closeQuietly() {
        Channels.closeQuietly(channel);
    }

    private String remote() {
        return remote;
    }

    @Override
    public String toString() {
        return "Handler[" + id + "]";
    }
}
