package dev.swarmnet.internal.telemetry;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A connection closed because nothing moved: a stall inside a request, an idle timeout, a keepalive unanswered. */
@Name("dev.swarmnet.Stall")
@Label("Stall")
@Category({"swarmnet"})
@Description("A connection closed by the liveness checks")
@StackTrace(false)
final class StallEvent extends jdk.jfr.Event {
    @Label("Side")
    String side;
    @Label("Peer")
    String peer;
    @Label("What")
    @Description("stall, idle or keepalive timeout")
    String what;
}
