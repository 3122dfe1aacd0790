package dev.swarmnet.internal.gateway;

/** How the gateway's shutdown ({@link GracefulShutdown}) ends one connection. */
interface DrainableConnection {
    /**
     * Lets the current request finish and takes no new one: a connection that waits for its next request
     * (and is not between two requests of a transfer) is told so and closed now. Called again and again
     * while the grace period lasts, as requests end.
     */
    void drain();

    /**
     * Ends the connection now: a client waiting for a request, or whose stream or subroutine still runs, is
     * told {@code reason}; anything else (a file moving, a request half read), or any connection when the
     * reason is {@link EndReason#CUT}, is cut.
     */
    void endNow(EndReason reason);

    /**
     * Waits until the connection is over: its thread ended, or the client was answered for a subroutine
     * whose thread runs on (not worth waiting for). A connection never waits for itself.
     */
    boolean awaitEnd(long nanos) throws InterruptedException;
}
