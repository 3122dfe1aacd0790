package dev.swarmnet.internal.telemetry;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A connection refused during its handshake: authentication, TLS, protocol version, pool full, too slow. */
@Name("dev.swarmnet.HandshakeFailure")
@Label("Handshake Failure")
@Category({"swarmnet"})
@Description("A connection that ended in its handshake, and why")
@StackTrace(false)
final class HandshakeFailureEvent extends jdk.jfr.Event {
    @Label("Side")
    String side;
    @Label("Peer")
    String peer;
    @Label("Authentication")
    @Description("Whether the shared-secret authentication failed")
    boolean authentication;
    @Label("Reason")
    String reason;
}
