package dev.swarmnet.testkit;

/** Which way bytes travel through a {@link TcpProxy}. */
public enum Direction {
    /** From the client (the side that connected to the proxy) to the server (the proxy's target). */
    UPSTREAM,
    /** From the server back to the client. */
    DOWNSTREAM
}
