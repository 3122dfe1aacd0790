package dev.swarmnet.internal.telemetry;

import java.util.Objects;
import org.slf4j.Logger;

/**
 * Where one gateway or one controller reports what it does: each report becomes a JFR event (when a recording
 * wants it), a call to the process's {@link Listeners} (when there are any) and, for a gateway, a log line
 * ({@link GatewayLog}). Reporting costs a volatile read and JFR's enabled check when nobody records or listens.
 */
public final class Telemetry {
    private static final Telemetry CLIENT = new Telemetry(Side.CLIENT, null);

    private final Side side;
    private final GatewayLog log;

    private Telemetry(Side side, GatewayLog log) {
        this.side = side;
        this.log = log;
    }

    /** A gateway's: connections and transfers at INFO, calls at INFO when {@code verbose}, at DEBUG otherwise. */
    public static Telemetry forGateway(Logger logger, boolean verbose) {
        return new Telemetry(Side.GATEWAY, new GatewayLog(Objects.requireNonNull(logger, "logger"), verbose));
    }

    /** The client side's: events and listeners only; the client side logs what it does itself. */
    public static Telemetry client() {
        return CLIENT;
    }

    public Side side() {
        return side;
    }

    /** A connection that passed its handshake {@code handshakeNanos} after it was accepted or connected. */
    public ConnectionTrace opened(String peer, long handshakeNanos) {
        for (TelemetryListener l : Listeners.all()) {
            l.connectionOpened(side);
        }
        if (log != null) {
            log.opened(peer);
        }
        return new ConnectionTrace(this, peer, handshakeNanos);
    }

    /** A connection that ended in its handshake. */
    public void handshakeFailed(String peer, boolean authentication, String reason) {
        HandshakeFailureEvent e = new HandshakeFailureEvent();
        if (e.shouldCommit()) {
            e.at(side, peer);
            e.authentication = authentication;
            e.reason = reason;
            e.commit();
        }
        for (TelemetryListener l : Listeners.all()) {
            l.handshakeFailed(side, authentication);
        }
    }

    /** A call of {@code kind} (batch, send, stream or ping) starting now. */
    public CallTrace call(String peer, String kind) {
        return new CallTrace(this, peer, kind);
    }

    /** A file transfer starting now over {@code connections} connections. */
    public TransferTrace transfer(String peer, int connections) {
        return new TransferTrace(this, peer, connections);
    }

    /** A connection closed by a liveness check. */
    public void stalled(String peer, String what) {
        StallEvent e = new StallEvent();
        if (e.shouldCommit()) {
            e.at(side, peer);
            e.what = what;
            e.commit();
        }
        for (TelemetryListener l : Listeners.all()) {
            l.stalled(side, what);
        }
    }

    GatewayLog log() {
        return log;
    }
}
