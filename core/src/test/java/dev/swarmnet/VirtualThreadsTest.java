package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.swarmnet.support.TestGateway;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same build on Java 21+: a gateway whose handlers and stream workers are virtual threads serves
 * every kind of call. Skipped on older JDKs (run the suite with JAVA_HOME set to a newer JDK to cover it).
 */
class VirtualThreadsTest {
    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> {
        if (Runtime.version().feature() >= 21) {
            b.threadMode(ThreadMode.VIRTUAL).maxPoolSize(2);
        }
    });

    @BeforeEach
    void onlyWhereVirtualThreadsExist() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
    }

    @Test
    void virtualHandlersServeBatchSendStreamAndThePoolLimit() throws Exception {
        assertThat(gw.gateway().usesVirtualThreads()).isTrue();
        gw.add("thread", (BatchSubroutine) call -> Bytes.strToBytes(String.valueOf(isVirtual(Thread.currentThread()))));
        gw.add("stream_thread", (StreamSubroutine) (call, out) ->
                out.emit(isVirtual(Thread.currentThread()) ? 1 : 0, new byte[0]));
        gw.add("length", (SendSubroutine) call -> call.buffer().length);

        Client client = gw.client();
        assertThat(Bytes.bytesToStr(client.getSubroutineBatch("thread"))).isEqualTo("true");
        assertThat(client.sendSubroutineBatch("length", new byte[7])).isEqualTo(7);
        AtomicLong streamIdent = new AtomicLong(-1);
        assertThat(client.getSubroutineStream("stream_thread", Args.none(), (n, ident, b) -> {
            streamIdent.set(ident);
            return true;
        })).isTrue();
        assertThat(streamIdent.get()).isEqualTo(1);

        gw.client();
        assertThatThrownBy(() -> gw.controller().getClient()).isInstanceOf(PoolFullException.class);
    }

    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
