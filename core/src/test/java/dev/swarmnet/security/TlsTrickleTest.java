package dev.swarmnet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.Gateway;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.support.Background;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import dev.swarmnet.testkit.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients refused by a full TLS gateway that trickle their TLS record a byte at a time: the refusal runs a
 * TLS handshake, so it is bounded by the handshake deadline like any handshake (a byte now and then
 * restarts a read timeout, not the deadline), and it does not crowd out the refusal of a later client.
 */
class TlsTrickleTest {
    private static final int TRICKLERS = 6;
    /** A TLS handshake record header announcing 16 KiB: at a byte per pause, far longer than any test runs. */
    private static final byte[] RECORD_HEADER = {0x16, 0x03, 0x01, 0x40, 0x00};
    private static final long PAUSE_MILLIS = 20;

    private final List<AutoCloseable> made = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = made.size() - 1; i >= 0; i--) {
            made.get(i).close();
        }
    }

    @Test
    void refusedTricklersAreCutAtTheDeadlineAndALaterClientIsStillToldPoolFull() throws Exception {
        Gateway gw = TestGateway.startGateway(b -> b.tls(TlsTest.pemServer(TestPki.get().server)).maxPoolSize(1)
                .handshakeTimeout(Duration.ofSeconds(2)));
        made.add(gw);
        Controller controller = Controller.builder().gateway(TestGateway.HOST, gw.port()).tls(TlsTest.trustingCa())
                .connectTimeout(Duration.ofMinutes(1)).build();
        made.add(controller);
        Client holder = controller.getClient(); // the pool is full from here on

        CountDownLatch trickling = new CountDownLatch(TRICKLERS);
        List<CompletableFuture<Boolean>> cut = new ArrayList<>();
        for (int i = 0; i < TRICKLERS; i++) {
            cut.add(Background.call("trickler-" + i, () -> trickle(gw.port(), trickling)));
        }
        assertThat(trickling.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        assertThatThrownBy(controller::getClient).isInstanceOfSatisfying(PoolFullException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.POOL_FULL));

        for (CompletableFuture<Boolean> c : cut) {
            // Within the test's ceiling, a small part of the 16 KiB record's trickle time: the deadline cut it.
            assertThat(c.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("cut by the gateway").isTrue();
        }
        assertThat(holder.ping("unaffected")).isEqualTo("unaffected");
    }

    /**
     * From 127.0.0.2 (so the per-address handshake cap is not the test client's): a TLS record header, then
     * a byte every {@link #PAUSE_MILLIS} (the attack's pace, not a wait for anything) until the gateway cuts
     * the connection.
     *
     * @return true once cut; false if the whole record went out without a cut
     */
    private static boolean trickle(int port, CountDownLatch trickling) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(RECORD_HEADER);
            out.flush();
            trickling.countDown();
            for (int i = 0; i < 16 * 1024; i++) {
                if (in.available() > 0) {
                    return true; // a TLS alert: the gateway gave up on the handshake
                }
                try {
                    out.write(0);
                    out.flush();
                } catch (IOException closed) {
                    return true;
                }
                Thread.sleep(PAUSE_MILLIS);
            }
            return false;
        }
    }
}
