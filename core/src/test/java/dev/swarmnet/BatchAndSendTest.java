package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Batch subroutines (call -> bytes) and send subroutines (buffer -> int). */
class BatchAndSendTest {
    /** The 4 MiB echo carries its data as an argument: above the default maxArgsSize of 1 MiB. */
    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxArgsSize(8 * 1024 * 1024));

    private final AtomicReference<byte[]> received = new AtomicReference<>();
    private Client client;

    @BeforeEach
    void connect() throws IOException {
        client = gw.client();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, 65_537})
    void batchBytesRoundTrip(int size) throws IOException {
        byte[] data = randomBytes(size);
        assertThat(client.getSubroutineBatch(TestGateway.ECHO, Args.of(data))).isEqualTo(data);
    }

    @Test
    void batchOfFourMebibytesRoundTrips() throws IOException {
        byte[] data = randomBytes(4 * 1024 * 1024);
        assertThat(client.getSubroutineBatch(TestGateway.ECHO, Args.of(data))).isEqualTo(data);
        assertThat(client.ping("after")).isEqualTo("after");
    }

    @Test
    void batchReturningNullYieldsAnEmptyArray() throws IOException {
        gw.add("nothing", (BatchSubroutine) call -> null);
        assertThat(client.getSubroutineBatch("nothing")).isNotNull().isEmpty();
    }

    @Test
    void batchWithoutArgumentsSeesNone() throws IOException {
        gw.add("count-args", (BatchSubroutine) call ->
                Bytes.intToBytes(call.argCount() * 100 + call.kwargNames().size()));
        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("count-args"))).isZero();
        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("count-args", Args.of(1, 2).with("k", 3))))
                .isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, 3 * 1024 * 1024})
    void sendSubroutineSeesTheBufferContents(int size) throws IOException {
        gw.add("keep", (SendSubroutine) call -> {
            received.set(call.buffer().clone());
            return call.buffer().length;
        });
        byte[] data = randomBytes(size);

        assertThat(client.sendSubroutineBatch("keep", data)).isEqualTo(size);
        assertThat(received.get()).isEqualTo(data);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 42, -7, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void sendReturnsTheSubroutinesInt(int value) throws IOException {
        gw.add("constant", (SendSubroutine) call -> value);
        assertThat(client.sendSubroutineBatch("constant", new byte[] {1})).isEqualTo(value);
    }

    @Test
    void sendSubroutineReturningNullYieldsZero() throws IOException {
        gw.add("void", (SendSubroutine) call -> null);
        assertThat(client.sendSubroutineBatch("void", new byte[] {1, 2, 3})).isZero();
    }

    @Test
    void sendWithArgsAndKwargs() throws IOException {
        gw.add("weighted-sum", (SendSubroutine) call -> {
            int weight = call.arg(0, Integer.class);
            int offset = call.kwarg("offset", Integer.class);
            int sum = 0;
            for (byte b : call.buffer()) {
                sum += b;
            }
            return sum * weight + offset;
        });

        int result = client.sendSubroutineBatch("weighted-sum", new byte[] {1, 2, 3, 4}, Args.of(10).with("offset", -5));

        assertThat(result).isEqualTo(95);
    }

    @Test
    void batchCallsDoNotSeeABuffer() throws IOException {
        gw.add("buffer-size", (BatchSubroutine) call -> Bytes.intToBytes(call.buffer().length));
        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("buffer-size"))).isZero();
    }

    @Test
    void manyCallsInARowOnOneClient() throws IOException {
        for (int i = 0; i < 500; i++) {
            byte[] data = Bytes.intToBytes(i);
            assertThat(client.getSubroutineBatch(TestGateway.ECHO, Args.of(data))).isEqualTo(data);
            assertThat(client.sendSubroutineBatch(TestGateway.SIZE, new byte[i])).isEqualTo(i);
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }
}
