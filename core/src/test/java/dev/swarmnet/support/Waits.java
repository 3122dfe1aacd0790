package dev.swarmnet.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionFactory;

/** Waiting for asynchronous effects without sleeping: generous ceilings, fast polling. */
public final class Waits {
    /** Ceiling for anything that should happen "soon"; only reached when something is broken. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Waits() {
    }

    /** {@code await()} with a generous ceiling and a short poll interval. */
    public static ConditionFactory eventually() {
        return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }
}
