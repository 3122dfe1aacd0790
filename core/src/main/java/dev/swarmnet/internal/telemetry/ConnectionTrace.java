package dev.swarmnet.internal.telemetry;

import java.util.concurrent.atomic.AtomicBoolean;

/** One open connection, reported once when it closes (whichever thread closes it first). */
public final class ConnectionTrace {
    private final Telemetry telemetry;
    private final String peer;
    private final long handshakeNanos;
    private final long opened = System.nanoTime();
    private final ConnectionEvent event = new ConnectionEvent();
    private final AtomicBoolean closed = new AtomicBoolean();

    ConnectionTrace(Telemetry telemetry, String peer, long handshakeNanos) {
        this.telemetry = telemetry;
        this.peer = peer;
        this.handshakeNanos = handshakeNanos;
        event.begin();
    }

    /** The connection is being closed by a liveness check: {@code what} is stall, idle or keepalive timeout. */
    public void stalled(String what) {
        telemetry.stalled(peer, what);
    }

    /** The connection closed; {@code reason} is a short phrase ("client closed", "idle", "gateway closing"). */
    public void closed(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long nanos = System.nanoTime() - opened;
        if (event.shouldCommit()) {
            event.at(telemetry.side(), peer);
            event.handshake = handshakeNanos;
            event.reason = reason;
            event.commit();
        }
        for (TelemetryListener l : Listeners.all()) {
            l.connectionClosed(telemetry.side(), reason, nanos);
        }
        if (telemetry.log() != null) {
            telemetry.log().closed(peer, reason, nanos);
        }
    }
}
