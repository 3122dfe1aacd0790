package dev.swarmnet.internal.gateway;

import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.SendSubroutine;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.Subroutine;
import dev.swarmnet.internal.CallImpl;
import dev.swarmnet.internal.telemetry.CallTrace;
import dev.swarmnet.internal.telemetry.TelemetryListener;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;

/**
 * A handler's subroutine calls: reads a BATCH_CALL, SEND_CALL or STREAM_CALL, finds the subroutine,
 * runs a batch or send one on the handler's thread and answers, or sets a stream up for the handler to
 * run. Unknown names, the wrong kind, oversized arguments and the subroutine's own failures are answered
 * with an ERROR and leave the connection usable.
 */
final class CallService {
    private final GatewayContext ctx;
    private final FrameReader reader;
    private final ConnectionWriter writer;
    private final RunningCall running;
    private final WritableByteChannel streamOutput;
    private final String handlerId;
    private final String remote;
    /** The call being served; the handler's thread only, one call at a time. */
    private CallTrace trace;

    CallService(GatewayContext ctx, FrameReader reader, ConnectionWriter writer, RunningCall running,
            WritableByteChannel streamOutput, String handlerId, String remote) {
        this.ctx = ctx;
        this.reader = reader;
        this.writer = writer;
        this.running = running;
        this.streamOutput = streamOutput;
        this.handlerId = handlerId;
        this.remote = remote;
    }

    /** Serves a BATCH_CALL whose header was read. */
    void batch() throws IOException {
        traced("batch", () -> {
            serveBatch();
            return null;
        });
    }

    /** Serving one call, which returns the stream it started, if any. */
    @FunctionalInterface
    private interface Serving<T> {
        T serve() throws IOException;
    }

    /**
     * Serves one call of {@code kind} under one trace: reported when it is answered, or, for a stream that
     * starts, when the stream ends ({@link StreamSession}).
     */
    private <T> T traced(String kind, Serving<T> serving) throws IOException {
        trace = ctx.telemetry().call(remote, kind);
        T started = null;
        try {
            started = serving.serve();
            return started;
        } catch (IOException | RuntimeException e) {
            trace.failed(TelemetryListener.CONNECTION_LOST);
            throw e;
        } finally {
            if (!(started instanceof StreamSession)) {
                trace.end();
            }
        }
    }

    private void serveBatch() throws IOException {
        CallImpl call = readCall(false);
        BatchSubroutine sub = call == null ? null : lookup(call, BatchSubroutine.class, "getSubroutineBatch");
        if (sub == null) {
            return;
        }
        Returned<byte[]> result = invoke(call, () -> sub.call(call));
        if (result == null) {
            return;
        }
        byte[] reply = result.value() == null ? new byte[0] : result.value();
        int maxFrameSize = ctx.config().limits().maxFrameSize();
        if (reply.length > maxFrameSize) {
            replyError(ErrorCode.RESULT_TOO_LARGE, "result of '" + call.name() + "' is " + reply.length
                    + " bytes, more than the maximum frame size " + maxFrameSize + "; use a stream");
            return;
        }
        writer.write(sink -> Frames.bytes(sink, Protocol.BATCH_RESULT, reply));
        trace.sent(reply.length);
    }

    /** What a subroutine returned, perhaps null. */
    private record Returned<T>(T value) {
    }

    @FunctionalInterface
    private interface Invocation<T> {
        T run() throws Exception;
    }

    /**
     * Runs a batch or send subroutine as this connection's running call. Its failure is answered here, and
     * then null is returned; otherwise what it returned.
     */
    private <T> Returned<T> invoke(CallImpl call, Invocation<T> body) throws IOException {
        T result;
        running.enter(call.name());
        try {
            result = body.run();
        } catch (Throwable t) {
            running.exit();
            replyFailure(call, t);
            return null;
        }
        running.exit(); // throws if the gateway's shutdown answered for it
        return new Returned<>(result);
    }

    /** Serves a SEND_CALL whose header was read. */
    void send() throws IOException {
        traced("send", () -> {
            serveSend();
            return null;
        });
    }

    private void serveSend() throws IOException {
        CallImpl call = readCall(true);
        SendSubroutine sub = call == null ? null : lookup(call, SendSubroutine.class, "sendSubroutineBatch");
        if (sub == null) {
            return;
        }
        Returned<Integer> result = invoke(call, () -> sub.call(call));
        if (result == null) {
            return;
        }
        int value = result.value() == null ? 0 : result.value();
        writer.write(sink -> Frames.sendResult(sink, value));
        trace.sent(Integer.BYTES);
    }

    /**
     * Reads a STREAM_CALL whose header was read: the stream to run (the handler starts it and serves its
     * credit), or null when the call was answered with an ERROR.
     */
    StreamSession stream() throws IOException {
        return traced("stream", this::startStream);
    }

    private StreamSession startStream() throws IOException {
        int window = reader.readInt();
        CallImpl call = readCall(false);
        if (call == null) {
            return null;
        }
        if (window <= 0) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "stream window must be positive");
        }
        StreamSubroutine sub = lookup(call, StreamSubroutine.class, "getSubroutineStream");
        if (sub == null) {
            return null;
        }
        return new StreamSession(streamOutput, sub, call, window, ctx.config().limits().maxFrameSize(),
                TimeUnit.MILLISECONDS.toNanos(ctx.config().liveness().keepaliveIntervalMillis()), trace);
    }

    /** Name, arguments and (for a send) the buffer; null after ERROR LIMIT_EXCEEDED for oversized arguments. */
    private CallImpl readCall(boolean withBuffer) throws IOException {
        String name = reader.readName();
        byte[] args = readArgs(name);
        if (args == null) {
            return null;
        }
        byte[] buffer = withBuffer ? reader.readRest() : null;
        trace.received(args.length + (buffer == null ? 0 : buffer.length));
        return new CallImpl(name, args, buffer);
    }

    /**
     * A call's u32-length-prefixed arguments; null (after ERROR LIMIT_EXCEEDED) when they exceed
     * maxArgsSize, which is checked before anything is allocated or decoded. The frame's rest is
     * skipped by the next read, so the connection stays usable.
     */
    private byte[] readArgs(String name) throws IOException {
        int length = reader.readInt();
        if (length < 0) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "negative field length");
        }
        int max = ctx.config().limits().maxArgsSize();
        if (length > max && length <= reader.remaining()) {
            replyError(ErrorCode.LIMIT_EXCEEDED, "the arguments of '" + name + "' are " + length
                    + " bytes, more than this gateway's maxArgsSize of " + max);
            return null;
        }
        return reader.readBytes(length);
    }

    private <T extends Subroutine> T lookup(CallImpl call, Class<T> kind, String clientMethod) throws IOException {
        Subroutine sub = ctx.registry().get(call.name());
        if (sub == null) {
            replyError(ErrorCode.UNKNOWN_SUBROUTINE, "no subroutine named '" + call.name() + "'; this gateway has "
                    + ctx.registry().names());
            return null;
        }
        trace.named(call.name()); // only a name this gateway holds: a client cannot make a meter per name it invents
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
            ctx.log().logger().warn("handler {}: {}", handlerId, f.message(), t);
        }
        replyError(f.code(), f.message());
    }

    private void replyError(ErrorCode code, String message) throws IOException {
        trace.failed(code.name());
        ErrorReply.send(writer, code, message);
    }
}
