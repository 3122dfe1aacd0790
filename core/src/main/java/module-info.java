/** swarmnet: socket swarms. Only {@code dev.swarmnet} is API; {@code dev.swarmnet.internal.*} may change. */
module dev.swarmnet {
    requires transitive org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.cbor;
    requires jdk.net; // TCP keepalive tuning (SocketTuning)

    exports dev.swarmnet;
}
