package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.telemetry.CallTrace;
import dev.swarmnet.internal.telemetry.ConnectionTrace;
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
import java.util.concurrent.TimeUnit;

/**
 * The gateway's end of one connection: a plain loop on its own thread that reads a request, runs it
 * and answers, one operation at a time. While a stream runs, the loop keeps reading the client's
 * credit and cancel frames.
 *
 * <p>Before that loop, on this thread (never the acceptor's): its {@link Admission} (handshake,
 * authentication, then a pool slot). Whether the client is still there is decided from outside, by its
 * {@link ConnectionLiveness} on the gateway's timer thread; the gateway's shutdown ends it through
 * {@link DrainableConnection} ({@link ConnectionDrain}); both close it through a {@link ConnectionCloser}.
 *
 * <p>Threads: the handler's thread owns {@code transport}, {@code files}, {@code calls} and the request
 * loop, and alone writes {@code reader}, {@code writer} and {@code thread}, which the timer, helper and
 * shutdown threads read (volatile). Shared state guards itself: {@link RequestActivity} (a CAS decides who
 * closes a waiting connection), {@link RunningCall} (a CAS decides who answers a subroutine call),
 * {@link CurrentStream}, {@link PoolSlot} (released once) and the channel, which any of them may close.
 * Writes from other threads go through the {@link ConnectionWriter}, which keeps frames whole.
 */
public final class Handler implements Runnable, WatchedConnection, DrainableConnection {
    private final SocketChannel channel;
    private final GatewayContext ctx;
    private final String id;
    private final String remote;
    private final PoolSlot slot;
    private final Admission admission;
    private final RequestActivity activity = new RequestActivity();
    private final RunningCall running = new RunningCall(NanoClock.SYSTEM);
    private final CurrentStream stream;
    private final ConnectionCloser closer;
    private final ConnectionLiveness liveness;
    private final ConnectionDrain drain;
    private final CountDownLatch exited = new CountDownLatch(1);
    private final TransferPause transferPause = new TransferPause();
    private volatile Thread thread;
    private volatile ConnectionWriter writer;
    private volatile FrameReader reader;
    private Transport transport;
    private FileService files;
    private CallService calls;
    /** When the connection was accepted: its handshake's time is reported when it opens. */
    private final long accepted = System.nanoTime();
    /** The open connection as reported; the handler's thread only. */
    private ConnectionTrace connection;
    /** The run of file requests in progress; the handler's thread only. */
    private final FileRun fileRun;
    /** Why it ended, first reason wins: set by the handler's, the timer's or the shutdown's thread. */
    private volatile String endReason;

    Handler(SocketChannel channel, GatewayContext ctx, String id, HandshakeStage handshake) {
        this.channel = channel;
        this.ctx = ctx;
        this.id = id;
        this.remote = handshake.remote();
        this.slot = new PoolSlot(ctx.pool(), this);
        this.fileRun = new FileRun(ctx.telemetry(), remote);
        this.admission = new Admission(ctx, handshake, slot);
        this.stream = new CurrentStream(ctx.log(), id);
        this.closer = new ConnectionCloser(channel, ctx.helpers(), ctx.timer());
        this.liveness = new ConnectionLiveness(this, activity, running, ctx.helpers(), NanoClock.SYSTEM, ctx.log(),
                id, remote);
        this.drain = new ConnectionDrain(activity, stream, running, transferPause, slot, closer, () -> writer,
                ctx.helpers());
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            if (admission.admitted(this::attach)) {
                connection = ctx.telemetry().opened(remote, System.nanoTime() - accepted);
                ctx.log().progress("handler {} ready for {} ({})", id, remote, transport.describe());
                serve();
            }
        } catch (EOFException e) {
            endedBecause("the client left");
            ctx.log().progress("handler {}: client left", id);
        } catch (ProtocolViolation v) {
            endedBecause("protocol error: " + v.getMessage());
            ctx.log().logger().warn("handler {}: {} from {}; closing", id, v.getMessage(), remote);
            sendErrorQuietly(v.code(), v.getMessage());
        } catch (IOException e) {
            endedBecause("connection lost: " + e.getMessage());
            ctx.log().progress("handler {}: connection ended: {}", id, e.toString());
        } catch (RuntimeException e) {
            endedBecause("the handler failed: " + e);
            ctx.log().logger().error("handler {} failed", id, e);
            sendErrorQuietly(ErrorCode.INTERNAL, "the gateway's handler failed: " + e);
        } finally {
            stream.end();
            if (files != null) {
                files.close();
            }
            fileRun.end();
            closer.close();
            slot.release();
            if (connection != null) {
                connection.closed(endReason == null ? "ended" : endReason);
            }
            exited.countDown();
        }
    }

    /** Why the connection ended, as its close is reported; the first reason given is kept. */
    private void endedBecause(String reason) {
        if (endReason == null) {
            endReason = reason;
        }
    }

    @Override
    public void stalled(String what) {
        endedBecause(what);
        ctx.telemetry().stalled(remote, what);
    }

    /** The client is in: its streams are this handler's from now on. */
    private void attach(HandshakeStage handshake) {
        transport = handshake.transport();
        reader = handshake.reader();
        writer = handshake.writer();
    }

    /** What the gateway's timer thread checks on this connection. */
    ConnectionLiveness liveness() {
        return liveness;
    }

    private void serve() throws IOException {
        for (long waiting = 0; ; waiting += 2) {
            activity.waiting(waiting);
            int type;
            try {
                type = reader.next();
            } catch (IOException e) {
                if (activity.closed()) {
                    return; // closed for idling by the gateway's timer, or by its shutdown; already logged
                }
                throw e;
            }
            if (!activity.serving(waiting)) {
                return; // the idle timeout closed the connection just as this frame arrived
            }
            if (type == Protocol.STREAM_CREDIT) {
                onCredit();
                continue;
            }
            if (type == Protocol.STREAM_CANCEL) {
                stream.cancel();
                continue;
            }
            stream.finish();
            if (ctx.shutdown().refuses(type)) {
                ctx.log().progress("handler {}: the gateway is shutting down; refusing {}'s request", id, remote);
                sendErrorQuietly(ErrorCode.SHUTTING_DOWN, GracefulShutdown.REFUSAL);
                return;
            }
            if (type != Protocol.FILE_PUT && files != null) {
                files.awaitStores(); // the small uploads before this request are stored and answered first
            }
            boolean fileRequest = isFileRequest(type);
            fileRun.request(fileRequest);
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
                pong();
                return true;
            case Protocol.BATCH_CALL:
                calls().batch();
                return true;
            case Protocol.SEND_CALL:
                calls().send();
                return true;
            case Protocol.STREAM_CALL:
                stream.start(calls().stream(), ctx.helpers());
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
                endedBecause("the client closed it");
                slot.release(); // before BYE, so the client may count on the slot once it has read BYE
                writer.write(sink -> Frames.empty(sink, Protocol.BYE));
                return false;
            case Protocol.CLOSE_GATEWAY:
                if (!ctx.config().shutdown().allowRemote()) {
                    ctx.log().logger().warn("handler {}: client {} asked the gateway to close; refused"
                            + " (allowRemoteShutdown is false)", id, remote);
                    ErrorReply.send(writer, ErrorCode.FORBIDDEN, "this gateway does not allow remote shutdown"
                            + " (Gateway.builder().allowRemoteShutdown(false)); stop it on its own host");
                    return true;
                }
                ctx.log().logger().info("handler {}: client {} asked the gateway to close", id, remote);
                endedBecause("the client closed the gateway");
                ctx.shutdown().stopAccepting(ctx.log()); // before BYE: the client cannot connect again after it
                writer.write(sink -> Frames.empty(sink, Protocol.BYE));
                ctx.closeGatewayAsync().run();
                return false;
            default:
                throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                        "unexpected frame type 0x" + Integer.toHexString(type));
        }
    }

    @Override
    public long readBlockedSince() {
        FrameReader r = reader;
        return r == null ? 0 : r.reading().since();
    }

    @Override
    public long writeBlockedSince() {
        ConnectionWriter w = writer;
        return earliest(w == null ? 0 : w.writing().since(), stream.writeBlockedSince());
    }

    /** The earlier of two nanoTime readings, 0 standing for none. */
    private static long earliest(long a, long b) {
        if (a == 0 || b == 0) {
            return a == 0 ? b : a;
        }
        return a - b <= 0 ? a : b;
    }

    @Override
    public long creditWaitSince() {
        return stream.creditWaitSince();
    }

    @Override
    public boolean streamBusy(long now, long idleNanos) {
        return stream.busy(now, idleNanos);
    }

    @Override
    public void cut() {
        slot.release();
        closer.close();
    }

    @Override
    public void endTelling(ErrorCode code, String message) {
        closer.tellLater(writer, code, message, slot::release); // the slot first: the client may count on it
    }

    @Override
    public void sendKeepalive() throws IOException {
        ConnectionWriter w = writer;
        if (w != null) {
            w.tryWrite(sink -> Frames.empty(sink, Protocol.KEEPALIVE));
        }
    }

    @Override
    public void interruptSubroutine() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void drain() {
        endedBecause("the gateway closed");
        drain.drain();
    }

    @Override
    public void endNow(EndReason reason) {
        endedBecause("the gateway closed");
        drain.endNow(reason);
    }

    private void pong() throws IOException {
        CallTrace trace = ctx.telemetry().call(remote, "ping").named("ping");
        byte[] message = reader.readRest();
        trace.received(message.length);
        writer.write(sink -> Frames.bytes(sink, Protocol.PONG, message));
        trace.sent(message.length);
        trace.end();
    }

    @Override
    public boolean awaitEnd(long nanos) throws InterruptedException {
        if (Thread.currentThread() == thread) {
            return true;
        }
        return running.takenOver() ? running.awaitAnswered(nanos) : exited.await(nanos, TimeUnit.NANOSECONDS);
    }

    private CallService calls() {
        if (calls == null) {
            calls = new CallService(ctx, reader, writer, running, transport.output(), id, remote);
        }
        return calls;
    }

    private FileService files() {
        if (files == null) {
            files = new FileService(ctx, fileRun);
        }
        return files;
    }

    private void onCredit() throws IOException {
        int bytes = reader.readInt();
        if (bytes <= 0) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "stream credit must be positive");
        }
        stream.grant(bytes);
    }

    private void sendErrorQuietly(ErrorCode code, String message) {
        stream.end();
        if (writer != null && channel.isOpen()) {
            Farewell.errorThenDrain(transport, writer, code, message);
        }
    }

    @Override
    public String toString() {
        return "Handler[" + id + "]";
    }
}
