package dev.swarmnet.bench;

import java.io.IOException;

/**
 * One system under comparison. Each contender runs its server inside this JVM on
 * 127.0.0.1 with an ephemeral port and drives it from a client on other threads,
 * so all systems pay the same loopback and scheduling costs.
 */
interface Contender extends AutoCloseable {

    /** Short column name: raw, swarmnet, grpc. */
    String name();

    /** Extra detail printed under the table (e.g. which client variant was used); empty if none. */
    default String note() {
        return "";
    }

    /** Binds the server on an ephemeral loopback port and connects the client. */
    void start() throws Exception;

    /** One call: sends {@code request} and returns the server's reply (an echo of the same size). */
    byte[] echo(byte[] request) throws Exception;

    /**
     * Makes {@code warmup} unrecorded calls, then {@code n} recorded ones, one after the
     * other on a single connection, each with a {@code size}-byte request and reply.
     *
     * @return the round-trip time of every recorded call, in nanoseconds
     */
    default long[] batchRoundTrips(int warmup, int n, int size) throws Exception {
        byte[] request = new byte[size];
        java.util.Arrays.fill(request, (byte) name().charAt(0));
        for (int i = 0; i < warmup; i++) {
            checkedEcho(request);
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            checkedEcho(request);
            nanos[i] = System.nanoTime() - t0;
        }
        return nanos;
    }

    private void checkedEcho(byte[] request) throws Exception {
        byte[] reply = echo(request);
        if (reply.length != request.length) {
            throw new IOException(name() + ": reply of " + reply.length + " bytes, expected " + request.length);
        }
    }

    /**
     * Asks the server for {@code count} items of {@code itemSize} payload bytes each and
     * reads them all, checking that they arrive in order.
     *
     * @return seconds from sending the request to receiving the last item
     */
    double streamItems(long count, int itemSize) throws Exception;

    /** Stops client and server; declared without InterruptedException so try-with-resources stays simple. */
    @Override
    void close() throws IOException;
}
