package dev.swarmnet.internal.telemetry;

/** Which end of a connection reports: the gateway that serves, or the client that asks. */
public enum Side {
    GATEWAY, CLIENT;

    /** The lower-case name events, meters and log lines carry. */
    public String label() {
        return this == GATEWAY ? "gateway" : "client";
    }
}
