package dev.swarmnet.security;

import dev.swarmnet.testkit.TestPki;
import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.RemoteException;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.TlsConfig;
import dev.swarmnet.support.Background;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's limits: each refusal reaches the controller as a typed error, and the gateway goes on. */
class LimitsTest {
    @TempDir
    Path tmp;

    private Gateway gw;
    private Controller controller;

    @AfterEach
    void closeEverything() {
        if (gw != null) {
            gw.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    private Client start(Consumer<Gateway.Builder> gateway, Consumer<Controller.Builder> client) throws IOException {
        gw = TestGateway.startGateway(gateway);
        Controller.Builder b = Controller.builder().gateway(TestGateway.HOST, gw.port()).downloadDir(tmp.resolve("down"));
        client.accept(b);
        controller = b.build();
        return controller.getClient();
    }

    @Test
    void argumentsAboveMaxArgsSizeAreRefusedBeforeDecodingAndTheClientStaysUsable() throws IOException {
        Client client = start(b -> b.maxArgsSize(1000), b -> { });
        byte[] big = new byte[2000];

        assertThatThrownBy(() -> client.getSubroutineBatch(TestGateway.ECHO, Args.of(big)))
                .isInstanceOfSatisfying(RemoteException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                    assertThat(e.remoteMessage()).contains("maxArgsSize of 1000").contains("'echo'");
                });
        assertThat(client.ping("usable")).isEqualTo("usable");
        assertThatThrownBy(() -> client.sendSubroutineBatch(TestGateway.SIZE, new byte[10], Args.of(big)))
                .isInstanceOfSatisfying(RemoteException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        assertThatThrownBy(() -> client.getSubroutineStream(TestGateway.COUNT, Args.of(3L).with("pad", big),
                (name, ident, bytes) -> true))
                .isInstanceOfSatisfying(RemoteException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        assertThat(client.getSubroutineBatch(TestGateway.ECHO, Args.of(new byte[900]))).hasSize(900);
        assertThat(client.sendSubroutineBatch(TestGateway.SIZE, new byte[100_000])).isEqualTo(100_000);
    }

    @Test
    void anIdleConnectionIsClosedAndItsSlotFreed() throws IOException {
        Client idle = start(b -> b.maxPoolSize(1).idleTimeout(Duration.ofMillis(1000)), b -> { });
        assertThat(idle.ping("first")).isEqualTo("first");

        eventually().until(gw::activeHandlers, n -> n == 0);

        try (Client next = controller.getClient()) {
            assertThat(next.ping("took the freed slot")).isEqualTo("took the freed slot");
        }
        assertThatThrownBy(() -> idle.ping("still there?")).isInstanceOfSatisfying(SwarmnetException.class, e -> {
            if (e instanceof RemoteException) {
                assertThat(((RemoteException) e).errorCode()).isEqualTo(ErrorCode.IDLE_TIMEOUT);
            }
        });
        assertThat(idle.isOpen()).isFalse();
    }

    @Test
    void theIdleTimeoutIsToldToTheClientAtItsNextCall() throws IOException {
        Client idle = start(b -> b.idleTimeout(Duration.ofMillis(600)), b -> { });
        eventually().until(gw::activeHandlers, n -> n == 0);
        assertThatThrownBy(() -> idle.getSubroutineBatch(TestGateway.ECHO, Args.of(new byte[1])))
                .isInstanceOfSatisfying(RemoteException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.IDLE_TIMEOUT);
                    assertThat(e.remoteMessage()).contains("idleTimeout");
                });
    }

    @Test
    void aQuietStreamIsNotIdleButTheConnectionIsOnceItEnds() throws Exception {
        CountDownLatch firstChunkSent = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        Client streaming = start(b -> b.maxPoolSize(2).idleTimeout(Duration.ofMillis(600)), b -> { });
        gw.addSubroutine("quiet", (StreamSubroutine) (call, out) -> {
            out.emit(0, new byte[] {0});
            firstChunkSent.countDown();
            goOn.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            out.emit(1, new byte[] {1});
        });
        AtomicLong chunks = new AtomicLong();
        CompletableFuture<Boolean> stream = Background.call("quiet-stream", () -> streaming.getSubroutineStream(
                "quiet", Args.none(), (name, ident, bytes) -> chunks.incrementAndGet() > 0));
        assertThat(firstChunkSent.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        // A connection opened after the stream went quiet is closed for idling: by then the stream's
        // connection has been quiet for longer than the idle timeout too, and must have survived it.
        Client bystander = controller.getClient();
        eventually().until(gw::activeHandlers, n -> n == 1);
        goOn.countDown();

        assertThat(stream.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(chunks.get()).isEqualTo(2);
        eventually().until(gw::activeHandlers, n -> n == 0); // idle after the stream ended
        assertThat(bystander.isOpen()).isTrue(); // it has not noticed yet
        assertThatThrownBy(() -> bystander.ping("?")).isInstanceOf(SwarmnetException.class);
    }

    @Test
    void aLongRequestIsNotIdle() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        Client busy = start(b -> b.maxPoolSize(2).idleTimeout(Duration.ofMillis(600)), b -> { });
        gw.addSubroutine("slow", (BatchSubroutine) call -> {
            entered.countDown();
            goOn.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new byte[] {42};
        });
        CompletableFuture<byte[]> call = Background.call("slow-call", () -> busy.getSubroutineBatch("slow"));
        assertThat(entered.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        controller.getClient(); // opened later, closed for idling: the busy one has waited longer
        eventually().until(gw::activeHandlers, n -> n == 1);
        goOn.countDown();

        assertThat(call.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).containsExactly(42);
        assertThat(busy.ping("after")).isEqualTo("after");
    }

    @Test
    void theIdleTimeoutAlsoHoldsOverTls() throws IOException {
        TestPki pki = TestPki.get();
        Client idle = start(b -> b.maxPoolSize(1).idleTimeout(Duration.ofMillis(1000))
                        .tls(TlsConfig.server().keyStore(pki.server.p12(), TestPki.PASSWORD)),
                b -> b.tls(TlsConfig.client().trustCertificates(pki.caPem)));
        assertThat(idle.ping("tls")).isEqualTo("tls");
        eventually().until(gw::activeHandlers, n -> n == 0);
        try (Client next = controller.getClient()) {
            assertThat(next.ping("next")).isEqualTo("next");
        }
        assertThatThrownBy(() -> idle.ping("?")).isInstanceOf(SwarmnetException.class);
    }

    @Test
    void aRegexAboveMaxRegexLengthIsRefused() throws IOException {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.writeString(share.resolve("a.log"), "a");
        Client client = start(b -> b.share(share).downloadDir(tmp.resolve("inbox")).maxRegexLength(10), b -> { });

        assertThatThrownBy(() -> client.getFilesFromGateway(FileQuery.folder(share.toString()).regex("a\\.log|b\\.log")))
                .isInstanceOfSatisfying(RemoteException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_ARGUMENTS);
                    assertThat(e.remoteMessage()).contains("maxRegexLength of 10");
                });
        assertThat(client.getFilesFromGateway(FileQuery.folder(share.toString()).regex(".+\\.log")).files()).isEqualTo(1);
    }

    @Test
    void aFrameAboveTheGatewaysMaximumIsReportedAndTheGatewayGoesOn() throws IOException {
        Client client = start(b -> b.maxFrameSize(64 * 1024), b -> { });
        assertThatThrownBy(() -> client.sendSubroutineBatch(TestGateway.SIZE, new byte[200_000]))
                .isInstanceOfSatisfying(RemoteException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
                    assertThat(e.remoteMessage()).contains("maximum frame size of 65536");
                });
        try (Client next = controller.getClient()) {
            assertThat(next.sendSubroutineBatch(TestGateway.SIZE, new byte[60_000])).isEqualTo(60_000);
        }
    }

    @Test
    void nonsenseLimitsAreRefusedByTheBuilder() {
        Gateway.Builder b = Gateway.builder();
        assertThatThrownBy(() -> b.maxArgsSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxArgsSize");
        assertThatThrownBy(() -> b.maxRegexLength(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRegexLength");
        assertThatThrownBy(() -> b.idleTimeout(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> b.idleTimeout(Duration.ofNanos(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.idleTimeout(Duration.ofDays(30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.idleTimeout(null)).isInstanceOf(NullPointerException.class);
        b.idleTimeout(Duration.ZERO).maxArgsSize(1).maxRegexLength(1);
    }
}
