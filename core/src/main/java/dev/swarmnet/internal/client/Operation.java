package dev.swarmnet.internal.client;

import dev.swarmnet.DeadlineExceededException;
import dev.swarmnet.SwarmnetException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One operation of a client (a call, a stream, a listing, a whole transfer, a goodbye, a keepalive ping) or one
 * whole swarm transfer over many connections, and what bounds it, as OkHttp's {@code RealCall} owns its timeout
 * and cancellation and a gRPC call its {@code CallOptions} deadline:
 * <ul>
 *   <li><b>exclusive use</b> of each connection it works on: the connection's operation lock, held while it works
 *       there ({@link #hold}). A client operation refuses to start on a thread that holds the lock already (a
 *       stream callback calling its own client: {@link #call}); closing and keepalive pings take the lock only if
 *       it is free ({@link #tryCall}).</li>
 *   <li>its <b>deadline</b>, the call timeout: armed when the operation starts, settled when it ends
 *       ({@link #finish}). Whichever comes first wins: an operation whose deadline passed first fails with
 *       {@link DeadlineExceededException}, even if it got as far as returning.</li>
 *   <li>its <b>cancellation</b> ({@link #cancel}, and what the deadline does when it passes): every connection the
 *       operation was given ({@link #attach}) is closed, cut with the deadline's reason when it passed so that
 *       every later use of it reports that; a connection given to it afterwards is closed at once; and its lanes
 *       reconnect no more ({@link #stopped}).</li>
 * </ul>
 *
 * <p>Threads and fields. The <b>caller's thread</b> makes the operation and runs it ({@link #call}, {@link #run}):
 * it alone touches {@code armed} and {@code pending}. <b>Lane threads</b> (a swarm transfer has one per connection;
 * a single client's lane is the caller's thread) {@link #hold} and {@link #attach} connections, several at once.
 * The <b>timer thread</b> (the controller's {@link Watchdog}) runs the expiry. <b>Any thread</b> may
 * {@link #cancel}. {@code state} is atomic: decided once, by the end or by the expiry, whichever comes first.
 * {@code attached}, {@code reason} and {@code ended} are guarded by {@code this}; {@code cancelled} is written
 * under {@code this} and volatile, because lanes poll it without the lock. Connections are closed outside the
 * lock (closing is thread-safe and does not block).
 */
public final class Operation {
    private static final int RUNNING = 0;
    private static final int ENDED = 1;
    private static final int EXPIRED = 2;

    /** Zero: no deadline. */
    private final Duration timeout;
    private final DeadlineTimer timer;
    /** The reason the deadline gives when it passes; null without a deadline. */
    private final Cut expiry;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    /** The connections this operation was given and has not ended with; guarded by this. */
    private final List<Connection> attached = new ArrayList<>(2);
    /** Why it was cancelled: the deadline's reason, or null for a plain cancel; guarded by this. */
    private Cut reason;
    /** Whether it ended, after which nothing is attached or cancelled any more; guarded by this. */
    private boolean ended;
    private volatile boolean cancelled;
    /** Caller's thread only. */
    private boolean armed;
    /** The scheduled expiry, null when none is pending; caller's thread only. */
    private DeadlineTimer.Pending pending;

    private Operation(Duration timeout, DeadlineTimer timer, Cut expiry) {
        this.timeout = timeout;
        this.timer = timer;
        this.expiry = expiry;
    }

    /** An operation without a deadline (it may still be cancelled). */
    public static Operation untimed() {
        return new Operation(Duration.ZERO, null, null);
    }

    /**
     * An operation that {@code timer} cancels for {@code expiry} once {@code timeout} has passed since it started,
     * unless it ended first; {@link Duration#ZERO}: no deadline.
     */
    public static Operation within(Duration timeout, DeadlineTimer timer, Cut expiry) {
        if (timeout.isZero()) {
            return untimed();
        }
        return new Operation(timeout, timer, expiry);
    }

    /** One operation of a client under its call timeout (zero: none). */
    public static Operation ofClient(Duration callTimeout, DeadlineTimer timer) {
        if (callTimeout.isZero()) {
            return untimed();
        }
        return within(callTimeout, timer, Cut.deadline("the operation did not finish within its call timeout of "
                + callTimeout.toMillis() + " ms; the connection was closed to stop it: get a new client"));
    }

    /** A whole swarm transfer, every lane and every reconnection of it, under one call timeout (zero: none). */
    public static Operation ofSwarmTransfer(Duration callTimeout, DeadlineTimer timer) {
        if (callTimeout.isZero()) {
            return untimed();
        }
        return within(callTimeout, timer, Cut.deadline("the transfer did not finish within its call timeout of "
                + callTimeout.toMillis() + " ms; the swarm's connections were closed to stop it: get a new swarm"));
    }

    /** Whether a deadline bounds this operation. */
    public boolean isTimed() {
        return expiry != null;
    }

    /** The work of an operation on one connection. */
    @FunctionalInterface
    public interface Body<T> {
        T run(Connection connection) throws IOException;
    }

    /** The work of an operation as a whole (a swarm transfer: it holds its lanes' connections itself). */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code body} as this operation, alone on {@code connection}, within the deadline: a client's
     * operation.
     *
     * @throws IllegalStateException if this thread is in an operation on the connection already (a stream
     *     callback using its own client); nothing was sent
     */
    public <T> T call(Connection connection, Body<T> body) throws IOException {
        ReentrantLock lock = connection.operations();
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a Client runs one operation at a time; use another client inside a"
                    + " stream callback");
        }
        try (Hold hold = hold(connection)) {
            return run(() -> body.run(connection));
        }
    }

    /**
     * {@link #call}, but only if {@code connection} is free now: not in another thread's operation, nor in this
     * thread's (closing from a stream callback, a keepalive ping while a call runs).
     *
     * @return whether {@code body} ran
     */
    public boolean tryCall(Connection connection, Body<?> body) throws IOException {
        ReentrantLock lock = connection.operations();
        if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
            return false;
        }
        attach(connection);
        try (Hold hold = new Hold(connection)) {
            run(() -> body.run(connection));
            return true;
        }
    }

    /**
     * Runs {@code work} as this operation, within the deadline; {@code work} takes the connections it uses with
     * {@link #hold}. A swarm transfer.
     */
    public <T> T run(Work<T> work) throws IOException {
        arm();
        try {
            T result;
            try {
                result = work.run();
            } catch (IOException | RuntimeException e) {
                finish(e);
                throw e;
            }
            finish(null);
            return result;
        } finally {
            end();
        }
    }

    /**
     * Takes {@code connection} for this operation until the hold is closed: its operation lock (reentrant: a
     * single client's transfer holds it already on the caller's thread), so that no keepalive ping slips in, and
     * {@link #attach}ed. Closing the hold marks the connection used (keepalive pings wait a whole interval).
     */
    public Hold hold(Connection connection) {
        connection.operations().lock();
        attach(connection);
        return new Hold(connection);
    }

    /** An operation's hold on a connection's operation lock: closed on the thread that took it. */
    public static final class Hold implements AutoCloseable {
        private final Connection connection;

        private Hold(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            connection.markUsed();
            connection.operations().unlock();
        }
    }

    /**
     * Gives {@code connection} to this operation until it ends: cancelling it closes the connection. If it was
     * cancelled already, the connection is closed now (a lane that reconnected while the deadline passed).
     */
    public void attach(Connection connection) {
        Cut why;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (!attached.contains(connection)) {
                attached.add(connection);
            }
            if (!cancelled) {
                return;
            }
            why = reason;
        }
        stop(connection, why);
    }

    /** Whether this operation was cancelled (or its deadline passed): its lanes give up instead of reconnecting. */
    public boolean stopped() {
        return cancelled;
    }

    /**
     * Cancels this operation from any thread: its connections are closed, its lanes do not reconnect, and the
     * work then fails as a lost connection does. Does nothing once it has ended.
     */
    public void cancel() {
        cancel(null);
    }

    /** The deadline passed: unless the operation ended first, it is cancelled with the expiry's reason. */
    private void expire() {
        if (state.compareAndSet(RUNNING, EXPIRED)) {
            cancel(expiry);
        }
    }

    private void cancel(Cut why) {
        List<Connection> toStop;
        synchronized (this) {
            if (ended || cancelled) {
                return;
            }
            cancelled = true;
            reason = why;
            toStop = List.copyOf(attached);
        }
        for (Connection c : toStop) {
            stop(c, why);
        }
    }

    private static void stop(Connection connection, Cut why) {
        if (why != null) {
            connection.cut(why);
        } else {
            connection.close();
        }
    }

    /** Starts the deadline's clock, once. */
    private void arm() {
        if (armed) {
            return;
        }
        armed = true;
        if (expiry != null) {
            pending = timer.schedule(this::expire, timeout);
        }
    }

    /**
     * The operation's work ended, with {@code failure} or null: settles the race with the deadline.
     *
     * @throws SwarmnetException the deadline's {@link DeadlineExceededException}, {@code failure} as its cause,
     *     if the deadline passed first (its connections are cut then, if the expiry had not got to it yet)
     */
    private void finish(Throwable failure) throws SwarmnetException {
        if (state.compareAndSet(RUNNING, ENDED)) {
            if (pending != null) {
                pending.cancel();
            }
            return;
        }
        if (state.get() == EXPIRED) {
            cancel(expiry);
            throw expiry.exception(failure);
        }
    }

    /** Ends the operation: a deadline still pending (an Error went through) is dropped; the connections are let go. */
    private void end() {
        if (state.compareAndSet(RUNNING, ENDED) && pending != null) {
            pending.cancel();
        }
        synchronized (this) {
            ended = true;
            attached.clear();
        }
    }
}
