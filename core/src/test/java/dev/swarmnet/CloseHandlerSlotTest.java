package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pool of one: a slot handed back by closeHandler is free the moment closeHandler returns. */
class CloseHandlerSlotTest {
    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxPoolSize(1));

    @Test
    void closeHandlerThenGetClientAgainImmediatelyTwentyTimes() throws Exception {
        Controller controller = gw.controller();
        for (int i = 0; i < 20; i++) {
            Client client = controller.getClient();
            assertThat(client.ping("round " + i)).isEqualTo("round " + i);

            client.closeHandler();

            assertThat(client.isOpen()).isFalse();
            assertThat(gw.gateway().activeHandlers()).isZero();
        }
        assertThat(controller.getClient().ping("still one slot")).isEqualTo("still one slot");
    }
}
