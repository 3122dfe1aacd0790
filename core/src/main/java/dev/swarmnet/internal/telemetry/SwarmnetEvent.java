package dev.swarmnet.internal.telemetry;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/** What every swarmnet flight recorder event carries: which side reports it, and about which peer. */
@Category({"swarmnet"})
@StackTrace(false)
abstract class SwarmnetEvent extends jdk.jfr.Event {
    @Label("Side")
    String side;
    @Label("Peer")
    String peer;

    /** Fills the fields every swarmnet event has. */
    final void at(Side reporter, String address) {
        this.side = reporter.label();
        this.peer = address;
    }
}
