package dev.swarmnet;

/**
 * Which threads run handlers (gateway) and stream workers. One build serves every JDK: virtual threads
 * are found at run time on Java 21+.
 */
public enum ThreadMode {
    /**
     * Platform threads, unless virtual threads exist (Java 21+) and the pool is larger than
     * {@value dev.swarmnet.internal.Threads#AUTO_VIRTUAL_POOL_SIZE} handlers. Platform threads give the
     * lowest latency (a read wakes exactly the thread that serves it); virtual threads let one gateway
     * hold thousands of connections.
     */
    AUTO,
    /** Always platform threads. */
    PLATFORM,
    /** Always virtual threads; fails at build time on a JDK without them. */
    VIRTUAL
}
