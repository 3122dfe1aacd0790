package dev.swarmnet.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A connection refused during its handshake: authentication, TLS, protocol version, pool full, too slow. */
@Name("dev.swarmnet.HandshakeFailure")
@Label("Handshake Failure")
@Description("A connection that ended in its handshake, and why")
final class HandshakeFailureEvent extends SwarmnetEvent {
    @Label("Authentication")
    @Description("Whether the shared-secret authentication failed")
    boolean authentication;
    @Label("Reason")
    String reason;
}
