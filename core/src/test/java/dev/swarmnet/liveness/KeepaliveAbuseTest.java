package dev.swarmnet.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.DeadlineExceededException;
import dev.swarmnet.support.Background;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A hostile gateway that answers every request with keepalive frames for ever: the stall timeout cannot
 * catch it (bytes keep moving), the call timeout does, as SECURITY.md says.
 */
class KeepaliveAbuseTest {
    private static final int MAGIC = 0x53574E54;
    private static final int KEEPALIVE = 0x0E;

    @Test
    void aGatewayThatOnlySendsKeepalivesIsEndedByTheCallTimeout() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> gateway = Background.run("keepalive-gateway", () -> serve(server, sent));
            try (Controller c = Controller.builder().gateway("127.0.0.1", server.getLocalPort())
                    .stallTimeout(Duration.ofMillis(200)).keepaliveInterval(Duration.ZERO).build()) {
                Client client = c.getClient().withCallTimeout(Duration.ofMillis(600));
                assertThatThrownBy(() -> client.ping("hello")).isInstanceOf(DeadlineExceededException.class);
            }
            gateway.get(20, TimeUnit.SECONDS); // it ends when the client cut the connection
        }
        assertThat(sent.get()).as("keepalives sent, well past the stall timeout").isGreaterThan(10);
    }

    /** Hello, then after the first request a keepalive every 20 ms (the peer's pace, not a wait) until cut. */
    private static void serve(ServerSocket server, AtomicInteger sent) throws IOException, InterruptedException {
        try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(MAGIC);
            out.writeByte(1);
            out.writeByte(0);
            out.writeShort(0);
            out.flush();
            in.readFully(new byte[8]); // the client's hello
            out.write(new byte[] {0, 0, 0, 0, 0x50}); // AUTH_OK, empty: the client is in
            out.flush();
            in.readFully(new byte[5]); // the request's header; its body stays unread
            try {
                while (true) {
                    out.writeInt(0);
                    out.writeByte(KEEPALIVE);
                    out.flush();
                    sent.incrementAndGet();
                    Thread.sleep(20);
                }
            } catch (IOException cut) {
                // the client gave up: what the test waits for
            }
        }
    }
}
