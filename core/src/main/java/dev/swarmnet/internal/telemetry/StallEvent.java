package dev.swarmnet.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A connection closed because nothing moved: a stall inside a request, an idle timeout, a keepalive unanswered. */
@Name("dev.swarmnet.Stall")
@Label("Stall")
@Description("A connection closed by the liveness checks")
final class StallEvent extends SwarmnetEvent {
    @Label("What")
    @Description("stall, idle or keepalive timeout")
    String what;
}
