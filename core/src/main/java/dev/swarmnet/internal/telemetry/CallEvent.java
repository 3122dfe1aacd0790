package dev.swarmnet.internal.telemetry;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One call, from its request to its answer: batch, send or stream, or a ping. */
@Name("dev.swarmnet.Call")
@Label("Call")
@Category({"swarmnet"})
@Description("A call to a subroutine (or a ping), on the side that reports it")
@StackTrace(false)
final class CallEvent extends jdk.jfr.Event {
    @Label("Side")
    String side;
    @Label("Peer")
    String peer;
    @Label("Subroutine")
    String subroutine;
    @Label("Kind")
    @Description("batch, send, stream or ping")
    String kind;
    @Label("Bytes In")
    @DataAmount
    long bytesIn;
    @Label("Bytes Out")
    @DataAmount
    long bytesOut;
    @Label("Outcome")
    @Description("OK, or the error code the call ended with")
    String outcome;
}
