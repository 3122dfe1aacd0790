package dev.swarmnet.internal.telemetry;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** One connection's life, from accept or connect to close: its duration is the event's. */
@Name("dev.swarmnet.Connection")
@Label("Connection")
@Category({"swarmnet"})
@Description("A connection from its opening to its close, with its handshake time and why it closed")
@StackTrace(false)
final class ConnectionEvent extends jdk.jfr.Event {
    @Label("Side")
    String side;
    @Label("Peer")
    String peer;
    @Label("Handshake")
    @Description("Time from the opening to the end of the handshake; 0 if it never completed")
    @Timespan
    long handshake;
    @Label("Close Reason")
    String reason;
}
