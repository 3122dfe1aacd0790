package dev.swarmnet.support;

import java.util.Deque;

/** Closing what a test made, all of it even when some of it fails to close. */
public final class Closing {
    private Closing() {
    }

    /**
     * Pops and closes every closeable of each group in turn, the first group first (gateways, as a rule: that ends
     * every connection, so nothing closed after can block). Throws the first exception, the others suppressed by it.
     */
    @SafeVarargs
    public static void closeAll(Deque<? extends AutoCloseable>... groups) throws Exception {
        Exception first = null;
        for (Deque<? extends AutoCloseable> group : groups) {
            while (!group.isEmpty()) {
                try {
                    group.pop().close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
