package dev.swarmnet.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** One connection's life, from accept or connect to close: its duration is the event's. */
@Name("dev.swarmnet.Connection")
@Label("Connection")
@Description("A connection from its opening to its close, with its handshake time and why it closed")
final class ConnectionEvent extends SwarmnetEvent {
    @Label("Handshake")
    @Description("Time from the opening to the end of the handshake; 0 if it never completed")
    @Timespan
    long handshake;
    @Label("Close Reason")
    String reason;
}
