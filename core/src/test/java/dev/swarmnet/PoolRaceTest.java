package dev.swarmnet;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two hundred controllers race for a pool of five: each is served or refused at once, none hangs. */
class PoolRaceTest {
    private static final int CONTROLLERS = 200;
    private static final int POOL = 5;

    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxPoolSize(POOL).backlog(CONTROLLERS));

    private enum Outcome { SERVED, REFUSED }

    @Test
    void everyControllerIsServedOrRefusedAndNoneHangs() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch served = new CountDownLatch(POOL);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService racers = Executors.newFixedThreadPool(CONTROLLERS);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < CONTROLLERS; i++) {
                outcomes.add(racers.submit(() -> race(go, served, release)));
            }
            go.countDown();
            served.await();
            // Everyone else is answered while the served still hold their slots: nobody waits for a slot.
            eventually().until(() -> outcomes.stream().filter(Future::isDone).count() == CONTROLLERS - POOL);
            release.countDown();
            int refused = 0;
            for (Future<Outcome> f : outcomes) {
                if (f.get() == Outcome.REFUSED) {
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(CONTROLLERS - POOL);
        } finally {
            release.countDown();
            racers.shutdownNow();
        }
        eventually().until(() -> gw.gateway().activeHandlers() == 0);
        assertThat(gw.client().ping("after the race")).isEqualTo("after the race");
    }

    /** Connects; a served controller pings, then holds its slot until released; a refused one says so. */
    private Outcome race(CountDownLatch go, CountDownLatch served, CountDownLatch release) throws Exception {
        go.await();
        // A long connect timeout: a refusal that is not immediate would hang here, not pass as POOL_FULL.
        // Its own controller, not the extension's (which keeps what it makes in a list for one thread).
        try (Controller c = Controller.builder().gateway(TestGateway.HOST, gw.port())
                .connectTimeout(Duration.ofMinutes(1)).build();
                Client client = c.getClient()) {
            assertThat(client.ping("in")).isEqualTo("in");
            served.countDown();
            release.await();
            return Outcome.SERVED;
        } catch (PoolFullException e) {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.POOL_FULL);
            return Outcome.REFUSED;
        }
    }
}
