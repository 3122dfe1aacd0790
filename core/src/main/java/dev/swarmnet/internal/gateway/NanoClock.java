package dev.swarmnet.internal.gateway;

/**
 * A source of {@link System#nanoTime()}-like readings. The liveness decisions read the time through
 * this, so tests can drive idle, stall and keepalive timing on a clock they advance by hand.
 */
@FunctionalInterface
interface NanoClock {
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
