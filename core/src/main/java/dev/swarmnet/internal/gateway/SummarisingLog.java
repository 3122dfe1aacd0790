package dev.swarmnet.internal.gateway;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Log lines about failures that a remote peer can cause at will (failed authentications, handshake
 * timeouts, refusals), summarised per address, so that a client failing in a loop cannot flood the
 * gateway's log. The first failure of a kind from an address is logged in full; the ones that follow
 * within the interval are only counted, and reported as one line ("N more ... from ADDR in the last
 * 10 s") when the interval is over: when the next one comes, or at the next {@link #flush()}.
 *
 * <p>Memory is bounded: at most {@link #MAX_ADDRESSES} keys are tracked; failures of further keys
 * are counted together under one key until some expire.
 */
final class SummarisingLog {
    /** Where lines go: e.g. {@code logger::warn}; slf4j's {@code {}} placeholders. */
    @FunctionalInterface
    interface Sink {
        void log(String format, Object... args);
    }

    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final int MAX_ADDRESSES = 4096;
    private static final String OTHERS = "other addresses";

    private final Sink sink;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    /** By kind and address; insertion order is the order of their windows' starts (oldest first). */
    private final Map<String, Window> windows = new LinkedHashMap<>();

    /** One interval of one kind of failure from one address. */
    private static final class Window {
        final String kind;
        final String address;
        long start;
        int suppressed;

        Window(String kind, String address, long start) {
            this.kind = kind;
            this.address = address;
            this.start = start;
        }
    }

    SummarisingLog(Sink sink, long intervalNanos, LongSupplier nanoTime) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.sink = sink;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** On the system clock, one summary per {@link #DEFAULT_INTERVAL_NANOS}. */
    SummarisingLog(Sink sink) {
        this(sink, DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    /**
     * One failure of {@code kind} (a plural noun phrase: "authentication failures") from {@code address}:
     * logged as {@code format} with {@code args} if it is the first in its interval, otherwise counted.
     */
    void failure(InetAddress address, String kind, String format, Object... args) {
        String summary = null;
        Object[] summaryArgs = null;
        boolean full;
        long now = nanoTime.getAsLong();
        synchronized (this) {
            Window w = window(kind, addressText(address), now);
            if (w == null) {
                full = true;
            } else if (now - w.start < intervalNanos) {
                w.suppressed++;
                full = false;
            } else {
                // The interval is over: this failure and the ones counted in it make one line, a new interval starts.
                full = w.suppressed == 0;
                if (!full) {
                    summary = summaryFormat();
                    summaryArgs = summaryArgs(w, w.suppressed + 1, now);
                }
                restart(w, now);
            }
        }
        if (full) {
            sink.log(format, args);
        } else if (summary != null) {
            sink.log(summary, summaryArgs);
        }
    }

    /**
     * Reports the counts of intervals that are over and forgets them, so that the end of a burst is
     * logged too (called every so often by the gateway's timer).
     */
    void flush() {
        long now = nanoTime.getAsLong();
        List<Object[]> lines = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
                Window w = it.next();
                if (now - w.start < intervalNanos) {
                    break; // in start order: the rest are younger
                }
                if (w.suppressed > 0) {
                    lines.add(summaryArgs(w, w.suppressed, now));
                }
                it.remove();
            }
        }
        for (Object[] args : lines) {
            sink.log(summaryFormat(), args);
        }
    }

    /** How many windows are open (for tests). */
    synchronized int tracked() {
        return windows.size();
    }

    /** The window of this kind and address, or null after opening a new one (its first failure). */
    private Window window(String kind, String address, long now) {
        String key = kind + '\u0000' + address;
        Window w = windows.get(key);
        if (w != null) {
            return w;
        }
        if (windows.size() >= MAX_ADDRESSES) {
            return overflow(kind, now);
        }
        windows.put(key, new Window(kind, address, now));
        return null;
    }

    /** Too many addresses at once: their failures share one window, so one line per interval still. */
    private Window overflow(String kind, long now) {
        String key = kind + '\u0000' + OTHERS;
        Window w = windows.get(key);
        if (w == null) {
            w = new Window(kind, OTHERS, now);
            windows.put(key, w); // may exceed the cap by one entry per kind
        }
        return w;
    }

    private void restart(Window w, long now) {
        String key = w.kind + '\u0000' + w.address;
        windows.remove(key); // re-inserted last: the map stays in start order
        w.start = now;
        w.suppressed = 0;
        windows.put(key, w);
    }

    private static String summaryFormat() {
        return "{} more {} from {} in the last {} s";
    }

    private static Object[] summaryArgs(Window w, int count, long now) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(now - w.start));
        return new Object[] {count, w.kind, w.address, seconds};
    }

    private static String addressText(InetAddress address) {
        return address == null ? "?" : address.getHostAddress();
    }
}
