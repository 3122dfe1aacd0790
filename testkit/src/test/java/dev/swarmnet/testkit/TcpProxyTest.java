package dev.swarmnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proxy over real loopback sockets. Timing is only ever checked as a lower bound, which a slow
 * or loaded machine cannot break; everything else waits on events, with generous ceilings.
 */
class TcpProxyTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private static final int MIB = 1 << 20;

    private final Random random = new Random(20240601);

    @Test
    void bytesPassThroughUnchangedBothWays() throws Exception {
        byte[] sent = randomBytes(10 * MIB);
        try (TestServer echo = TestServer.start(TestServer::echo);
                TcpProxy proxy = proxyTo(echo).build();
                Socket client = connect(proxy)) {
            CompletableFuture<Void> writing = Background.run("client-write", () -> {
                client.getOutputStream().write(sent);
                client.shutdownOutput();
            });
            byte[] received = client.getInputStream().readAllBytes();

            writing.get();
            assertThat(received).hasSameSizeAs(sent);
            assertThat(sha256(received)).isEqualTo(sha256(sent));
            await().atMost(PROMPTLY).untilAsserted(() -> {
                assertThat(proxy.bytesForwarded(Direction.UPSTREAM)).isEqualTo(sent.length);
                assertThat(proxy.bytesForwarded(Direction.DOWNSTREAM)).isEqualTo(sent.length);
                assertThat(proxy.connections()).isEmpty(); // both EOFs passed on: closed cleanly
            });
        }
    }

    @Test
    void halfClosePropagatesBothWays() throws Exception {
        CompletableFuture<Integer> serverSawEof = new CompletableFuture<>();
        TestServer.Handler replyAfterEof = socket -> {
            int length = socket.getInputStream().readAllBytes().length;
            serverSawEof.complete(length);
            socket.getOutputStream().write(("got " + length).getBytes(StandardCharsets.US_ASCII));
        };
        try (TestServer server = TestServer.start(replyAfterEof);
                TcpProxy proxy = proxyTo(server).build();
                Socket client = connect(proxy)) {
            client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();

            assertThat(serverSawEof).succeedsWithin(PROMPTLY).isEqualTo(5);
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            assertThat(Ending.readToEnd(client.getInputStream(), reply)).isEqualTo(Ending.EOF);
            assertThat(reply.toString(StandardCharsets.US_ASCII)).isEqualTo("got 5");
        }
    }

    @Test
    void latencyDelaysEachDirection() throws Exception {
        try (TestServer echo = TestServer.start(TestServer::echo);
                TcpProxy proxy = proxyTo(echo).latency(Duration.ofMillis(50)).build();
                Socket client = connect(proxy)) {
            long start = System.nanoTime();
            client.getOutputStream().write(7);
            assertThat(client.getInputStream().read()).isEqualTo(7);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        }
    }

    @Test
    void bandwidthCapsThroughput() throws Exception {
        Sink sink = new Sink();
        byte[] sent = randomBytes(4 * MIB);
        try (TestServer server = TestServer.start(sink);
                TcpProxy proxy = proxyTo(server).bandwidth(8_000_000).build();
                Socket client = connect(proxy)) {
            long start = System.nanoTime();
            client.getOutputStream().write(sent);
            client.shutdownOutput();

            assertThat(sink.ending()).succeedsWithin(PROMPTLY).isEqualTo(Ending.EOF);
            // 4 MiB at 8 MB/s is 0.52 s; allow for the token bucket's initial burst.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(sha256(sink.bytes())).isEqualTo(sha256(sent));
        }
    }

    @Test
    void cutAllResetsBothSidesPromptly() throws Exception {
        Sink sink = new Sink();
        try (TestServer server = TestServer.start(sink);
                TcpProxy proxy = proxyTo(server).build();
                Socket client = connect(proxy)) {
            client.getOutputStream().write(1);
            await().atMost(PROMPTLY).until(() -> sink.count() == 1);
            CompletableFuture<Ending> clientEnding = readToEndInBackground(client);

            proxy.cutAll();

            assertThat(sink.ending()).succeedsWithin(PROMPTLY);
            assertThat(clientEnding).succeedsWithin(PROMPTLY);
            assertThat(proxy.connections()).isEmpty();
        }
    }

    @Test
    void cutAfterBytesLetsExactlyThatManyThroughThenKillsTheConnection() throws Exception {
        int limit = 100_003; // not a multiple of any buffer size
        Sink sink = new Sink();
        byte[] sent = randomBytes(3 * limit);
        try (TestServer server = TestServer.start(sink);
                TcpProxy proxy = proxyTo(server).build()) {
            proxy.cutAfterBytes(Direction.UPSTREAM, limit);
            try (Socket client = connect(proxy)) {
                CompletableFuture<Ending> clientEnding = readToEndInBackground(client);
                Background.run("client-write", () -> client.getOutputStream().write(sent)); // fails once cut

                assertThat(sink.ending()).succeedsWithin(PROMPTLY);
                assertThat(clientEnding).succeedsWithin(PROMPTLY);
                assertThat(sink.bytes()).isEqualTo(Arrays.copyOf(sent, limit));
                assertThat(proxy.bytesForwarded(Direction.UPSTREAM)).isEqualTo(limit);
            }
        }
    }

    @Test
    void holdAfterBytesLetsExactlyThatManyThroughThenHoldsUntilResumed() throws Exception {
        int limit = 100_003;
        Sink sink = new Sink();
        byte[] sent = randomBytes(3 * limit);
        try (TestServer server = TestServer.start(sink);
                TcpProxy proxy = proxyTo(server).build()) {
            proxy.holdAfterBytes(Direction.UPSTREAM, limit);
            try (Socket client = connect(proxy)) {
                Background.run("client-write", () -> {
                    client.getOutputStream().write(sent);
                    client.shutdownOutput();
                });
                assertThat(proxy.awaitHeld(PROMPTLY)).isTrue();
                assertThat(proxy.bytesForwarded(Direction.UPSTREAM)).isEqualTo(limit);
                await().atMost(PROMPTLY).until(() -> sink.count() == limit);
                assertThat(proxy.connections()).singleElement().satisfies(c -> assertThat(c.isOpen()).isTrue());

                proxy.stallAll(false);
                assertThat(sink.ending()).succeedsWithin(PROMPTLY);
                assertThat(sink.bytes()).isEqualTo(sent);
                assertThat(proxy.awaitHeld(Duration.ZERO)).as("held once only").isFalse();
            }
        }
    }

    @Test
    void stalledConnectionForwardsNothingUntilResumed() throws Exception {
        Sink sink = new Sink();
        byte[] sent = randomBytes(1000);
        try (TestServer server = TestServer.start(sink);
                TcpProxy proxy = proxyTo(server).build();
                Socket client = connect(proxy)) {
            await().atMost(PROMPTLY).until(() -> proxy.connections().size() == 1);
            proxy.stallAll(true);
            client.getOutputStream().write(sent);

            await().during(Duration.ofMillis(300)).atMost(PROMPTLY).until(() -> sink.count() == 0);
            assertThat(proxy.connections().get(0).bytesForwarded(Direction.UPSTREAM)).isZero();

            proxy.stallAll(false);
            await().atMost(PROMPTLY).until(() -> sink.count() == sent.length);
            assertThat(sink.bytes()).isEqualTo(sent);
        }
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void corruptNextByteFlipsExactlyOneBit(Direction direction) throws Exception {
        byte[] sent = randomBytes(100_000);
        try (TestServer echo = TestServer.start(TestServer::echo);
                TcpProxy proxy = proxyTo(echo).build();
                Socket client = connect(proxy)) {
            await().atMost(PROMPTLY).until(() -> proxy.connections().size() == 1);
            proxy.corruptNextByte(direction);
            Background.run("client-write", () -> {
                client.getOutputStream().write(sent);
                client.shutdownOutput();
            });
            byte[] received = client.getInputStream().readAllBytes();

            assertThat(received).hasSameSizeAs(sent);
            int differing = 0;
            for (int i = 0; i < sent.length; i++) {
                if (sent[i] != received[i]) {
                    differing++;
                    assertThat(Integer.bitCount((sent[i] ^ received[i]) & 0xff)).isEqualTo(1);
                }
            }
            assertThat(differing).isEqualTo(1);
        }
    }

    @Test
    void unreachableTargetResetsTheClient() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        try (TcpProxy proxy = TcpProxy.builder().target("127.0.0.1", closedPort).build();
                Socket client = connect(proxy)) {
            assertThat(readToEndInBackground(client)).succeedsWithin(PROMPTLY);
            assertThat(proxy.connections()).isEmpty();
        }
    }

    @Test
    void closeEndsAllProxyThreadsAndFreesThePort() throws Exception {
        try (TestServer echo = TestServer.start(TestServer::echo)) {
            TcpProxy proxy = proxyTo(echo).latency(Duration.ofMillis(5)).bandwidth(1_000_000).build();
            try (Socket client = connect(proxy)) {
                int port = proxy.port();
                client.getOutputStream().write(3);
                assertThat(client.getInputStream().read()).isEqualTo(3);
                assertThat(proxyThreads()).hasSizeGreaterThanOrEqualTo(5); // acceptor + 4 per connection

                proxy.close();

                assertThat(proxyThreads()).isEmpty();
                assertThat(readToEndInBackground(client)).succeedsWithin(PROMPTLY);
                try (ServerSocket reuse = new ServerSocket()) {
                    reuse.setReuseAddress(true);
                    assertThatCode(() -> reuse.bind(new InetSocketAddress("127.0.0.1", port))).doesNotThrowAnyException();
                }
            } finally {
                proxy.close(); // idempotent; here so a failed assertion cannot leak the proxy
            }
        }
    }

    private static TcpProxyBuilder proxyTo(TestServer server) {
        return TcpProxy.builder().target("127.0.0.1", server.port());
    }

    private static Socket connect(TcpProxy proxy) throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TestServer.READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static CompletableFuture<Ending> readToEndInBackground(Socket socket) {
        CompletableFuture<Ending> ending = new CompletableFuture<>();
        Background.run("client-read", () -> {
            InputStream in = socket.getInputStream();
            ending.complete(Ending.readToEnd(in, OutputStream.nullOutputStream()));
        });
        return ending;
    }

    private static List<String> proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("tcpproxy-"))
                .toList();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
