package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A connection that never says hello is closed by the handshake timeout and gives its slot back. */
class HandshakeTimeoutTest {
    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxPoolSize(2).handshakeTimeout(Duration.ofMillis(200)));

    @Test
    void silentConnectionsAreClosedAndTheirSlotsFreedWhileOthersKeepWorking() throws Exception {
        Client working = gw.client();
        try (RawConnection silent = gw.raw()) {
            silent.readHello();
            assertThat(gw.gateway().activeHandlers()).isEqualTo(2);

            gw.awaitActiveHandlers(1);

            assertThat(working.ping("still here")).isEqualTo("still here");
            assertThat(gw.client().ping("took the freed slot")).isEqualTo("took the freed slot");
        }
    }

    @Test
    void theTimeoutOnlyGuardsTheHandshake() throws Exception {
        Client idle = gw.client();
        try (RawConnection silent = gw.raw()) {
            silent.readHello();
            // The silent connection, opened after the idle client, is closed by the timeout: so the idle
            // client has now been quiet for longer than the handshake timeout too.
            gw.awaitActiveHandlers(1);
        }
        assertThat(idle.ping("idle but alive")).isEqualTo("idle but alive");
    }
}
