package dev.swarmnet.internal.telemetry;

/** One call in progress; {@link #ended} reports it (a stream's flow is added first with {@link #streamed}). */
public final class CallTrace {
    private final Telemetry telemetry;
    private final String peer;
    private final String subroutine;
    private final String kind;
    private final long started = System.nanoTime();
    private final CallEvent event = new CallEvent();
    private StreamEvent stream;

    CallTrace(Telemetry telemetry, String peer, String subroutine, String kind) {
        this.telemetry = telemetry;
        this.peer = peer;
        this.subroutine = subroutine;
        this.kind = kind;
        event.begin();
    }

    /** A stream's chunks and bytes, and how long its producer waited for credit. */
    public void streamed(long chunks, long bytes, long blockedOnCreditNanos) {
        StreamEvent e = new StreamEvent();
        if (e.isEnabled()) {
            e.chunks = chunks;
            e.bytes = bytes;
            e.blockedOnCredit = blockedOnCreditNanos;
            stream = e;
        }
    }

    /** The call ended with {@code outcome} (OK, or an error code's name). */
    public void ended(String outcome, long bytesIn, long bytesOut) {
        long nanos = System.nanoTime() - started;
        if (event.shouldCommit()) {
            event.side = telemetry.side().label();
            event.peer = peer;
            event.subroutine = subroutine;
            event.kind = kind;
            event.bytesIn = bytesIn;
            event.bytesOut = bytesOut;
            event.outcome = outcome;
            event.commit();
        }
        if (stream != null) {
            stream.side = telemetry.side().label();
            stream.peer = peer;
            stream.subroutine = subroutine;
            stream.outcome = outcome;
            stream.commit();
        }
        for (TelemetryListener l : Listeners.all()) {
            l.callEnded(telemetry.side(), subroutine, kind, outcome, bytesIn, bytesOut, nanos);
        }
        if (telemetry.log() != null) {
            telemetry.log().call(peer, subroutine, kind, outcome, bytesIn, bytesOut, nanos);
        }
    }
}
