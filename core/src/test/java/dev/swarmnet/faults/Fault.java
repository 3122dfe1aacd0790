package dev.swarmnet.faults;

/**
 * The faults of the matrix, each injected by the {@link dev.swarmnet.testkit.TcpProxy} between controller and
 * gateway. Every operation is run under each of them (one test class per operation); the contract for every
 * cell: the operation ends, with the correct result or a typed {@link dev.swarmnet.SwarmnetException} whose
 * message names the problem; every file is byte-identical or absent (and then listed as failed); the gateway
 * serves new clients afterwards and its handler count returns to 0.
 */
enum Fault {
    /** 20 ms of latency each way, from before the connection opens: a correct result. */
    DELAY,
    /** A bandwidth cap of 5 MB/s per connection and direction: a correct result. */
    THROTTLE,
    /**
     * Every open connection stops forwarding mid-operation: a {@link dev.swarmnet.ConnectionStalledException}
     * (or, in a single-client transfer, failures naming the stallTimeout) within the stall timeout; a swarm
     * transfer replaces its connections.
     */
    STALL,
    /** Every open connection is reset mid-operation: a clear error; a swarm transfer heals. */
    CUT,
    /**
     * One bit flipped mid-operation. In a file body (CRC32C-checked): the range is sent again or its file is
     * listed as failed, never delivered. Calls (batch, send, stream) carry no checksum of their own — the
     * protocol relies on TCP (or TLS) for payload integrity — so there the bit is flipped in a frame header
     * (the first byte of the request, then the first byte of the reply), which must end in a clear error.
     */
    CORRUPT
}
