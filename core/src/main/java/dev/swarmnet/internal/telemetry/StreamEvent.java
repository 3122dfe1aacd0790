package dev.swarmnet.internal.telemetry;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** One stream's flow: how many chunks and bytes, and how long its producer waited for credit. */
@Name("dev.swarmnet.Stream")
@Label("Stream")
@Description("The chunks of one stream subroutine's answer and the time it was held back by flow control")
final class StreamEvent extends SwarmnetEvent {
    @Label("Subroutine")
    String subroutine;
    @Label("Chunks")
    long chunks;
    @Label("Bytes")
    @DataAmount
    long bytes;
    @Label("Blocked on Credit")
    @Description("Time the producer waited for the receiver to grant credit")
    @Timespan
    long blockedOnCredit;
    @Label("Outcome")
    String outcome;
}
