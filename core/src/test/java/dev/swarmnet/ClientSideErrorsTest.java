package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Mistakes the client catches before anything is sent: the gateway never sees the call. */
class ClientSideErrorsTest {
    private static final int SMALL_FRAME = 64 * 1024;

    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxFrameSize(SMALL_FRAME));

    private final AtomicInteger calls = new AtomicInteger();
    private Client client;

    @BeforeEach
    void setUp() throws IOException {
        client = gw.controller(b -> b.maxFrameSize(SMALL_FRAME)).getClient();
        gw.add("counted-send", (SendSubroutine) call -> calls.incrementAndGet());
        gw.add("counted-batch", (BatchSubroutine) call -> Bytes.intToBytes(calls.incrementAndGet()));
    }

    @Test
    void aSendBufferAboveTheMaxFrameSizeIsRefusedBeforeSending() throws IOException {
        assertRefusedLocally(() -> client.sendSubroutineBatch("counted-send", new byte[SMALL_FRAME + 1]),
                IllegalArgumentException.class, "maxFrameSize");
        assertThat(client.sendSubroutineBatch("counted-send", new byte[100])).isEqualTo(1);
    }

    @Test
    void aSendThatExactlyFillsTheMaxFrameIsAcceptedByBothSides() throws IOException {
        String name = "counted-send";
        int overhead = 2 + name.length() + 4; // name length, name, args length (no arguments)
        assertThat(client.sendSubroutineBatch(name, new byte[SMALL_FRAME - overhead])).isEqualTo(1);
        assertThatThrownBy(() -> client.sendSubroutineBatch(name, new byte[SMALL_FRAME - overhead + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(1);
        assertThat(client.ping("usable")).isEqualTo("usable");
    }

    @Test
    void argumentsAboveTheMaxFrameSizeAreRefusedBeforeSending() throws IOException {
        assertRefusedLocally(() -> client.getSubroutineBatch("counted-batch", Args.of(new byte[SMALL_FRAME + 1])),
                IllegalArgumentException.class, "maxFrameSize");
    }

    @Test
    void aPingAboveTheMaxFrameSizeIsRefusedBeforeSending() throws IOException {
        assertRefusedLocally(() -> client.ping("x".repeat(SMALL_FRAME + 1)), IllegalArgumentException.class, "ping");
    }

    /** A bean that is its own property. */
    public static final class Cycle {
        public Cycle getSelf() {
            return this;
        }
    }

    /** A bean whose getter fails. */
    public static final class BrokenGetter {
        public int getValue() {
            throw new IllegalStateException("getter fails");
        }
    }

    static Stream<Object> unencodable() {
        List<Object> selfContaining = new ArrayList<>();
        selfContaining.add(selfContaining);
        return Stream.of(new Object(), Instant.EPOCH, Optional.of(1), new Cycle(), new BrokenGetter(), selfContaining,
                List.of(Map.of("deep", new Object())));
    }

    @ParameterizedTest
    @MethodSource("unencodable")
    void argumentsJacksonCannotEncodeAreRefusedBeforeSending(Object value) throws IOException {
        assertRefusedLocally(() -> client.getSubroutineBatch("counted-batch", Args.of(value)),
                IllegalArgumentException.class, "arguments");
        assertRefusedLocally(() -> client.sendSubroutineBatch("counted-send", new byte[1], Args.none().with("kw", value)),
                IllegalArgumentException.class, "arguments");
    }

    @Test
    void badNamesAndNullsAreRefusedBeforeSending() throws IOException {
        assertRefusedLocally(() -> client.getSubroutineBatch(null), NullPointerException.class, "name");
        assertRefusedLocally(() -> client.getSubroutineBatch(""), IllegalArgumentException.class, "name");
        assertRefusedLocally(() -> client.getSubroutineBatch("n".repeat(1025)), IllegalArgumentException.class, "1024");
        assertRefusedLocally(() -> client.getSubroutineBatch("counted-batch", null), NullPointerException.class, "args");
        assertRefusedLocally(() -> client.sendSubroutineBatch("counted-send", null), NullPointerException.class,
                "buffer");
        assertRefusedLocally(() -> client.getSubroutineStream("counted-batch", Args.none(), null),
                NullPointerException.class, "callback");
    }

    private void assertRefusedLocally(ThrowingCallable operation, Class<? extends Throwable> type, String mention)
            throws IOException {
        assertThatThrownBy(operation).isInstanceOf(type).hasMessageContaining(mention);
        assertThat(calls).as("calls that reached the gateway").hasValue(0);
        assertThat(client.isOpen()).isTrue();
        assertThat(client.ping("usable")).isEqualTo("usable");
    }
}
