/** swarmnet: socket swarms. Only {@code dev.swarmnet} is API; {@code dev.swarmnet.internal.*} may change. */
module dev.swarmnet {
    requires transitive org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.cbor;
    requires jdk.net; // TCP keepalive tuning (SocketTuning)
    requires jdk.jfr; // the dev.swarmnet.* flight recorder events (internal.telemetry)

    exports dev.swarmnet;
    // The metrics binding listens where gateways and controllers report; nobody else may.
    exports dev.swarmnet.internal.telemetry to dev.swarmnet.micrometer;
}
