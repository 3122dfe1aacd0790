package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void batchSendAndStreamOverLoopback() throws Exception {
        try (Gateway gw = Gateway.builder().port(0).build()) {
            gw.addSubroutine("echo", (BatchSubroutine) call -> call.arg(0, byte[].class));
            gw.addSubroutine("len", (SendSubroutine) call -> call.buffer().length);
            gw.addSubroutine("count", (StreamSubroutine) (call, out) -> {
                long n = call.arg(0, Long.class);
                byte[] b = new byte[call.arg(1, Integer.class)];
                for (long i = 0; i < n; i++) {
                    if (!out.emit(i, b)) {
                        return;
                    }
                }
            });
            gw.start(false);
            try (Controller c = new Controller("127.0.0.1", gw.port()); Client client = c.getClient()) {
                assertThat(client.ping("hi")).isEqualTo("hi");
                assertThat(client.getSubroutineBatch("echo", Args.of(new byte[] {1, 2, 3}))).containsExactly(1, 2, 3);
                assertThat(client.sendSubroutineBatch("len", new byte[10])).isEqualTo(10);
                AtomicLong next = new AtomicLong();
                boolean done = client.getSubroutineStream("count", Args.of(100_000, 64), (name, ident, bytes) -> {
                    assertThat(ident).isEqualTo(next.getAndIncrement());
                    return true;
                });
                assertThat(done).isTrue();
                assertThat(next.get()).isEqualTo(100_000);
                assertThat(client.ping("after")).isEqualTo("after");
            }
        }
    }
}
