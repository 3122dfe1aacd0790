package dev.swarmnet;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.TestGateway;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two thousand clients connected at once to a gateway with a pool of 2,000, each pinging and calling while all
 * the others hold their connections: every call is answered correctly, and every slot comes back.
 */
class ManyClientsTest {
    private static final int CLIENTS = 2_000;
    private static final int DRIVERS = 16;
    private static final int ROUNDS = 3;

    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxPoolSize(CLIENTS).backlog(CLIENTS));

    @Test
    void twoThousandConcurrentClientsAreAllServed() throws Exception {
        Controller controller = gw.controller();
        List<Client> clients = new ArrayList<>(CLIENTS);
        ExecutorService drivers = Executors.newFixedThreadPool(DRIVERS);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(controller.getClient());
            }
            assertThat(gw.gateway().activeHandlers()).isEqualTo(CLIENTS);

            List<Future<Integer>> calls = new ArrayList<>();
            for (int d = 0; d < DRIVERS; d++) {
                List<Client> mine = clients.subList(d * CLIENTS / DRIVERS, (d + 1) * CLIENTS / DRIVERS);
                calls.add(drivers.submit(() -> drive(mine)));
            }
            int answered = 0;
            for (Future<Integer> f : calls) {
                answered += f.get();
            }
            assertThat(answered).isEqualTo(CLIENTS * ROUNDS * 2);
        } finally {
            drivers.shutdownNow();
            clients.forEach(Client::close);
        }
        eventually().until(() -> gw.gateway().activeHandlers() == 0);
    }

    /** Pings and echo calls on each of {@code clients} in turn; returns the calls answered correctly. */
    private static int drive(List<Client> clients) throws Exception {
        int answered = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (Client c : clients) {
                String text = "r" + round;
                assertThat(c.ping(text)).isEqualTo(text);
                byte[] payload = new byte[] {(byte) round, 1, 2, 3};
                assertThat(Arrays.equals(c.getSubroutineBatch(TestGateway.ECHO, Args.of(payload)), payload)).isTrue();
                answered += 2;
            }
        }
        return answered;
    }
}
