package dev.swarmnet.testkit;

import java.util.function.BooleanSupplier;

/**
 * Paces one direction's writer to the bandwidth cap. Tokens are bytes; they refill at the current
 * rate up to a small burst. Used by a single writer thread, so it needs no locking; the rate is read
 * from the shared {@link Shaping} on every call so run-time changes apply at once.
 */
final class TokenBucket {
    /** Wake at least this often while waiting, so a raised rate takes effect promptly. */
    private static final long MAX_WAIT_NANOS = 10_000_000;

    private final Shaping shaping;
    private double tokens;
    private long refilledAtNanos = System.nanoTime();

    TokenBucket(Shaping shaping) {
        this.shaping = shaping;
        this.tokens = burst(shaping.bandwidth());
    }

    /**
     * Blocks until some of {@code wanted} bytes may be sent and takes their tokens.
     *
     * @return how many bytes to send now (1 to {@code wanted}), or -1 if {@code aborted} became true
     */
    int acquire(int wanted, BooleanSupplier aborted) {
        while (true) {
            long rate = shaping.bandwidth();
            if (rate == Shaping.UNLIMITED) {
                return wanted;
            }
            refill(rate);
            // Waiting for a quantum rather than a single token keeps writes reasonably large.
            int needed = Math.min(wanted, quantum(rate));
            if (tokens >= needed) {
                int granted = (int) Math.min(wanted, (long) tokens);
                tokens -= granted;
                return granted;
            }
            long waitNanos = Math.min(MAX_WAIT_NANOS, (long) Math.ceil((needed - tokens) * 1e9 / rate));
            if (!Waiting.until(System.nanoTime() + waitNanos, aborted)) {
                return -1;
            }
        }
    }

    private void refill(long rate) {
        long now = System.nanoTime();
        tokens = Math.min(burst(rate), tokens + (now - refilledAtNanos) * (rate / 1e9));
        refilledAtNanos = now;
    }

    /** The smallest write worth waiting for: 10 ms worth of bytes, between 1 byte and 16 KiB. */
    private static int quantum(long rate) {
        return (int) Math.max(1, Math.min(16 * 1024, rate / 100));
    }

    /** The most that may go out back to back: 20 ms worth of bytes, between a quantum and 256 KiB. */
    private static double burst(long rate) {
        if (rate == Shaping.UNLIMITED) {
            return 0;
        }
        return Math.max(quantum(rate), Math.min(256 * 1024, rate / 50));
    }
}
