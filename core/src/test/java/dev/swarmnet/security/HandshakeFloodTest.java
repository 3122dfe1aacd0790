package dev.swarmnet.security;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.Gateway;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections that open a handshake and never finish it — from other loopback addresses (Linux routes
 * all of 127.0.0.0/8 to lo) — while a controller with the secret connects from 127.0.0.1. A slot is
 * taken only after authentication, so the flood cannot keep the controller out of the pool; one address
 * cannot hold more than its share of handshakes.
 */
class HandshakeFloodTest {
    private static final String SECRET = "the secret the flood does not know";
    private static final int POOL = 5;
    private static final int FLOOD = 50;
    private static final int ATTEMPTS = 40;
    /** The hello of a gateway with a secret: 8 bytes and a 36-byte challenge item. */
    private static final int CHALLENGE_HELLO = 8 + 36;

    private final List<AutoCloseable> made = new ArrayList<>();
    private final AtomicBoolean flooding = new AtomicBoolean(true);
    /** Flooding connections the gateway closed (at the handshake deadline) and the flood opened again. */
    private final AtomicInteger reopened = new AtomicInteger();
    private final List<Thread> flooders = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        flooding.set(false);
        for (int i = made.size() - 1; i >= 0; i--) {
            made.get(i).close();
        }
        for (Thread t : flooders) {
            t.interrupt();
            t.join(Waits.TIMEOUT.toMillis());
        }
    }

    private Gateway gateway(Duration handshakeTimeout) throws IOException {
        Gateway gw = TestGateway.startGateway(b -> b.secret(SECRET).maxPoolSize(POOL).backlog(200)
                .handshakeTimeout(handshakeTimeout));
        made.add(gw);
        return gw;
    }

    @Test
    void aControllerWithTheSecretGetsInWhileFiftySilentConnectionsFloodTheHandshake() throws Exception {
        Gateway gw = gateway(Duration.ofMillis(500));
        CountDownLatch inHandshake = new CountDownLatch(FLOOD);
        for (int i = 0; i < FLOOD; i++) {
            flood(gw.port(), "127.0.0." + (2 + i % 10), inHandshake);
        }
        assertThat(inHandshake.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        int served = 0;
        long slowest = 0;
        // An attempt counts only if it is served within 2 s: connecting and the call are bounded by that.
        try (Controller controller = Controller.builder().gateway(TestGateway.HOST, gw.port()).secret(SECRET)
                .connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(2)).build()) {
            for (int i = 0; i < ATTEMPTS; i++) {
                long start = System.nanoTime();
                try (Client client = controller.getClient()) {
                    client.ping("attempt " + i);
                    served++;
                    slowest = Math.max(slowest, System.nanoTime() - start);
                } catch (SwarmnetException e) {
                    // counted as a failure below
                }
            }
        }
        System.out.printf("legitimate client served %d of %d times (slowest %d ms) during a flood of %d silent"
                + " connections (%d reopened meanwhile)%n", served, ATTEMPTS, slowest / 1_000_000, FLOOD,
                reopened.get());
        assertThat(served).as("attempts served of %d", ATTEMPTS).isGreaterThanOrEqualTo(ATTEMPTS * 95 / 100);
    }

    @Test
    void handshakesFromOneAddressBeyondItsCapAreRefusedAtOnce() throws Exception {
        Gateway gw = gateway(Duration.ofSeconds(30)); // nothing here waits for the deadline
        List<RawConnection> silent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RawConnection raw = rawFrom(gw.port(), "127.0.0.2");
            silent.add(raw);
            raw.readHello(); // in its handshake now
        }

        try (RawConnection beyond = rawFrom(gw.port(), "127.0.0.2")) {
            RawConnection.Hello hello = beyond.readHello();
            assertThat(hello.statusOrFlags()).as("status refused").isEqualTo(1);
            RawConnection.Frame error = beyond.readFrame();
            assertThat(error.type()).isEqualTo(RawConnection.ERROR);
            assertThat(ErrorCode.fromWire(error.errorCode())).isEqualTo(ErrorCode.POOL_FULL);
            assertThat(error.errorMessage()).contains("too many handshakes from 127.0.0.2");
            assertThat(beyond.isClosedByPeer()).isTrue();
        }
        try (Controller controller = Controller.builder().gateway(TestGateway.HOST, gw.port()).secret(SECRET).build();
                Client client = controller.getClient()) {
            assertThat(client.ping("another address")).isEqualTo("another address");
        }

        silent.get(0).close(); // its handshake ends when the gateway reads the EOF: room for one more
        eventually().until(() -> {
            try (RawConnection again = rawFrom(gw.port(), "127.0.0.2")) {
                return again.readHello().statusOrFlags() == 0;
            }
        });
    }

    @Test
    void handshakesBeyondTheGlobalCapAreRefusedAtOnce() throws Exception {
        Gateway gw = gateway(Duration.ofSeconds(30));
        int cap = Math.max(64, 4 * POOL);
        for (int i = 0; i < cap; i++) {
            rawFrom(gw.port(), "127.0.0." + (2 + i / 8)).readHello();
        }
        try (Controller controller = Controller.builder().gateway(TestGateway.HOST, gw.port()).secret(SECRET).build()) {
            try (Client client = controller.getClient()) {
                throw new AssertionError("got in beyond the global handshake cap: " + client);
            } catch (PoolFullException e) {
                assertThat(e.remoteMessage()).contains("too many handshakes in progress", String.valueOf(cap));
            }
        }
    }

    /** A raw connection whose local end is {@code localAddress}. */
    private RawConnection rawFrom(int port, String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        RawConnection raw = new RawConnection(socket);
        made.add(raw);
        return raw;
    }

    /**
     * One flooding connection on its own thread: connects from {@code localAddress}, reads the gateway's
     * hello and then says nothing; when the gateway closes it, connects again.
     */
    private void flood(int port, String localAddress, CountDownLatch inHandshake) {
        Thread t = new Thread(() -> {
            boolean counted = false;
            while (flooding.get()) {
                try (Socket socket = new Socket()) {
                    socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    boolean greeted = socket.getInputStream().readNBytes(CHALLENGE_HELLO).length == CHALLENGE_HELLO;
                    if (greeted && !counted) {
                        counted = true;
                        inHandshake.countDown();
                    } else if (greeted) {
                        reopened.incrementAndGet();
                    }
                    while (socket.getInputStream().read() >= 0) {
                        // the gateway sends nothing more; the read ends when it closes
                    }
                } catch (IOException e) {
                    // closed or refused: again
                }
            }
        }, "flood-" + localAddress + "-" + flooders.size());
        t.setDaemon(true);
        flooders.add(t);
        t.start();
    }
}
