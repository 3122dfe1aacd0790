package dev.swarmnet.internal.telemetry;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** One call, from its request to its answer: batch, send or stream, or a ping. */
@Name("dev.swarmnet.Call")
@Label("Call")
@Description("A call to a subroutine (or a ping), on the side that reports it")
final class CallEvent extends SwarmnetEvent {
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
