package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Subroutines#of}: annotated methods served by a real gateway. This module compiles without
 * {@code -parameters}, so keyword names come from {@link Arg} (the cli module's tests cover Java names).
 */
class ExposedSubroutinesTest {
    /** The plugin under test, in the style of the seed's Python examples. */
    public static class Methods {
        public record Reading(String sensor, double value) {
        }

        @Exposed("mount_usage")
        public float usage(int requestId) {
            return requestId == 123 ? 0.25f : 0.5f;
        }

        @Exposed
        public String greet(@Arg("name") String name, @Arg("punctuation") String punctuation) {
            return "hello " + name + (punctuation == null ? "" : punctuation);
        }

        @Exposed
        public int add(@Arg("a") int a, @Arg("b") int b) {
            return a + b;
        }

        @Exposed
        public long big() {
            return 1L << 40;
        }

        @Exposed
        public boolean yes() {
            return true;
        }

        @Exposed
        public Reading reading(@Arg("sensor") String sensor) {
            return new Reading(sensor, 21.5);
        }

        @Exposed
        public byte[] reverse(byte[] data) {
            byte[] out = new byte[data.length];
            for (int i = 0; i < data.length; i++) {
                out[i] = data[data.length - 1 - i];
            }
            return out;
        }

        @Exposed
        public void nothing() {
        }

        @Exposed
        public int sum(@Arg("values") List<Integer> values) {
            return values.stream().mapToInt(Integer::intValue).sum();
        }

        @Exposed("set_io")
        public int setIo(byte[] buffer, @Arg("pin") int pin, @Arg("mode") String mode) {
            return buffer.length * pin + ("fast".equals(mode) ? 1000 : 0);
        }

        @Exposed
        public void discard(byte[] buffer) {
        }

        @Exposed
        public void sensor(@Arg("count") int count, Call call, StreamOutput out) {
            for (int i = 0; i < count; i++) {
                out.emit(i, Bytes.strToBytes(call.name() + " " + i));
            }
        }

        @Exposed
        public Stream<String> lines(@Arg("count") int count) {
            return IntStream.range(0, count).mapToObj(i -> "line " + i);
        }

        @Exposed
        public Iterator<Integer> forever() {
            return Stream.iterate(0, i -> i + 1).iterator();
        }

        @Exposed
        public String strict(@Arg("text") String text) {
            if (text.isEmpty()) {
                throw new ArgumentException("text must not be empty");
            }
            throw new IllegalStateException("boom: " + text);
        }

        @Exposed
        public int unnamed(int x) {
            return x;
        }

        @Exposed
        static String shout(@Arg("text") String text) {
            return text.toUpperCase(java.util.Locale.ROOT);
        }
    }

    private static Gateway gateway;
    private static Controller controller;
    private static Client client;

    @BeforeAll
    static void start() throws IOException {
        gateway = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).build();
        Subroutines.of(new Methods()).forEach(gateway::addSubroutine);
        gateway.start(false);
        controller = new Controller("127.0.0.1", gateway.port());
        client = controller.getClient();
    }

    @AfterAll
    static void stop() {
        controller.close();
        gateway.close();
    }

    @Test
    void everyAnnotatedMethodIsServedUnderItsName() {
        assertThat(gateway.subroutineNames()).contains("mount_usage", "greet", "set_io", "sensor", "lines", "shout");
        Map<String, Subroutine> subs = Subroutines.of(new Methods());
        assertThat(subs.get("mount_usage")).isInstanceOf(BatchSubroutine.class);
        assertThat(subs.get("set_io")).isInstanceOf(SendSubroutine.class);
        assertThat(subs.get("discard")).isInstanceOf(SendSubroutine.class);
        assertThat(subs.get("reverse")).isInstanceOf(BatchSubroutine.class);
        assertThat(subs.get("sensor")).isInstanceOf(StreamSubroutine.class);
        assertThat(subs.get("lines")).isInstanceOf(StreamSubroutine.class);
        assertThat(subs.get("forever")).isInstanceOf(StreamSubroutine.class);
    }

    @Test
    void batchResultsAreEncodedByType() throws IOException {
        assertThat(Bytes.bytesToFloat(client.getSubroutineBatch("mount_usage", Args.of(123)))).isEqualTo(0.25f);
        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("add", Args.of(2, 3)))).isEqualTo(5);
        assertThat(Bytes.bytesToLong(client.getSubroutineBatch("big"))).isEqualTo(1L << 40);
        assertThat(client.getSubroutineBatch("yes")).containsExactly(1);
        assertThat(client.getSubroutineBatch("nothing")).isEmpty();
        assertThat(client.getSubroutineBatch("reverse", Args.of(new byte[] {1, 2, 3}))).containsExactly(3, 2, 1);
        assertThat(Bytes.bytesToJson(client.getSubroutineBatch("reading", Args.of("proximity")), Methods.Reading.class))
                .isEqualTo(new Methods.Reading("proximity", 21.5));
    }

    @Test
    void argumentsBindByPositionThenByName() throws IOException {
        assertThat(str(client.getSubroutineBatch("greet", Args.of("pi")))).isEqualTo("hello pi");
        assertThat(str(client.getSubroutineBatch("greet", Args.of("pi", "!")))).isEqualTo("hello pi!");
        assertThat(str(client.getSubroutineBatch("greet", Args.of("pi").with("punctuation", "?")))).isEqualTo("hello pi?");
        assertThat(str(client.getSubroutineBatch("greet", Args.none().with("name", "car")))).isEqualTo("hello car");
        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("add", Args.of(1).with("b", 41)))).isEqualTo(42);
        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("sum", Args.of(List.of(1, 2, 3))))).isEqualTo(6);
        assertThat(str(client.getSubroutineBatch("shout", Args.of("loud")))).isEqualTo("LOUD");
    }

    @Test
    void argumentMistakesAreBadArguments() {
        assertBad(() -> client.getSubroutineBatch("add", Args.of(1)), "missing 'b'");
        assertBad(() -> client.getSubroutineBatch("add", Args.of(1, 2, 3)), "takes 2 positional arguments, got 3");
        assertBad(() -> client.getSubroutineBatch("add", Args.of(1, 2).with("a", 5)), "'a' twice");
        assertBad(() -> client.getSubroutineBatch("add", Args.of(1, 2).with("c", 5)), "no parameter named 'c'");
        assertBad(() -> client.getSubroutineBatch("add", Args.of(1.5, 2)), "not a Integer");
        assertBad(() -> client.getSubroutineBatch("add", Args.of("1", 2)), "not a Integer");
        assertBad(() -> client.getSubroutineBatch("sum", Args.of(List.of(1, 2.5))), "is not a");
        assertBad(() -> client.getSubroutineBatch("unnamed", Args.none().with("x", 1)), "no parameter named 'x'");
        assertBad(() -> client.getSubroutineBatch("unnamed", Args.none()), "-parameters");
        assertBad(() -> client.getSubroutineBatch("strict", Args.of("")), "text must not be empty");
    }

    @Test
    void anExceptionInsideTheMethodIsSubroutineFailed() {
        assertThatThrownBy(() -> client.getSubroutineBatch("strict", Args.of("x")))
                .isInstanceOfSatisfying(RemoteException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBROUTINE_FAILED);
                    assertThat(e.remoteMessage()).contains("IllegalStateException", "boom: x");
                });
    }

    @Test
    void sendMethodsGetTheBufferAndAnswerTheirInt() throws IOException {
        assertThat(client.sendSubroutineBatch("set_io", new byte[] {1, 2, 3}, Args.of(2).with("mode", "fast")))
                .isEqualTo(1006);
        assertThat(client.sendSubroutineBatch("discard", new byte[10])).isZero();
    }

    @Test
    void streamMethodsEmitThroughTheOutputOrReturnASequence() throws IOException {
        List<String> chunks = new ArrayList<>();
        assertThat(client.getSubroutineStream("sensor", Args.of(3),
                (name, ident, bytes) -> chunks.add(ident + "=" + str(bytes)))).isTrue();
        assertThat(chunks).containsExactly("0=sensor 0", "1=sensor 1", "2=sensor 2");

        chunks.clear();
        assertThat(client.getSubroutineStream("lines", Args.of(2),
                (name, ident, bytes) -> chunks.add(ident + "=" + str(bytes)))).isTrue();
        assertThat(chunks).containsExactly("0=line 0", "1=line 1");

        List<Integer> numbers = new ArrayList<>();
        assertThat(client.getSubroutineStream("forever", Args.none(),
                (name, ident, bytes) -> numbers.add(Bytes.bytesToInt(bytes)) && numbers.size() < 100)).isFalse();
        assertThat(numbers).hasSize(100).startsWith(0, 1, 2);
        assertThat(client.ping("still usable")).isEqualTo("still usable");
    }

    @Test
    void swarmStreamsMayIgnoreTheSwarmKeywords() throws IOException {
        List<String> chunks = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Swarm swarm = controller.swarm(2)) {
            assertThat(swarm.getSubroutineStream("lines", Args.of(2), (n, i, b) -> chunks.add(str(b)), null)).isTrue();
        }
        assertThat(chunks).containsExactlyInAnyOrder("line 0", "line 1", "line 0", "line 1");
    }

    public static class Twice {
        @Exposed("x")
        public int a() {
            return 1;
        }

        @Exposed("x")
        public int b() {
            return 2;
        }
    }

    public static class BadStream {
        @Exposed
        public int s(StreamOutput out) {
            return 0;
        }
    }

    public static class Plain {
        public int notExposed() {
            return 0;
        }
    }

    public static class Sub extends Methods {
        @Override
        public float usage(int requestId) {
            return 0.75f;
        }
    }

    @Test
    void badDeclarationsAreRefusedWhenBound() {
        assertThatThrownBy(() -> Subroutines.of(new Twice())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two @Exposed methods are named 'x'");
        assertThatThrownBy(() -> Subroutines.of(new BadStream())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must return void");
        assertThatThrownBy(() -> Subroutines.of(new Plain())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no @Exposed methods");
        assertThatThrownBy(() -> Subroutines.of(Methods.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is an instance method");
    }

    @Test
    void subclassesInheritAndOverride() throws Exception {
        Map<String, Subroutine> subs = Subroutines.of(new Sub());
        assertThat(subs).containsKeys("mount_usage", "greet");
        Subroutine usage = subs.get("mount_usage");
        Gateway other = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).build();
        try (other) {
            other.addSubroutine("mount_usage", usage);
            other.start(false);
            try (Controller c = new Controller("127.0.0.1", other.port()); Client cl = c.getClient()) {
                assertThat(Bytes.bytesToFloat(cl.getSubroutineBatch("mount_usage", Args.of(123)))).isEqualTo(0.75f);
            }
        }
    }

    private static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_ARGUMENTS);
            assertThat(e.remoteMessage()).contains(message);
        });
    }

    private static String str(byte[] bytes) {
        return Bytes.bytesToStr(bytes);
    }
}
