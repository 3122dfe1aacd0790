package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A connection that never says hello holds no pool slot, and is closed by the handshake timeout. */
class HandshakeTimeoutTest {
    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxPoolSize(2).handshakeTimeout(Duration.ofMillis(1000)));

    @Test
    void silentConnectionsAreClosedAndHoldNoSlotWhileOthersKeepWorking() throws Exception {
        Client working = gw.client();
        try (RawConnection silent = gw.raw()) {
            silent.readHello();
            assertThat(gw.gateway().activeHandlers()).isEqualTo(1);
            assertThat(gw.client().ping("took the last slot")).isEqualTo("took the last slot");

            assertThat(silent.isClosedByPeer()).isTrue();

            assertThat(working.ping("still here")).isEqualTo("still here");
        }
    }

    @Test
    void theTimeoutOnlyGuardsTheHandshake() throws Exception {
        Client idle = gw.client();
        try (RawConnection silent = gw.raw()) {
            silent.readHello();
            // The silent connection, opened after the idle client, is closed by the timeout: so the idle
            // client has now been quiet for longer than the handshake timeout too.
            assertThat(silent.isClosedByPeer()).isTrue();
        }
        assertThat(idle.ping("idle but alive")).isEqualTo("idle but alive");
    }
}
