package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bounded handler pool: refusal when full, and every way a slot is given back. */
class HandlerPoolTest {
    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxPoolSize(2));

    @Test
    void aThirdClientIsRefusedWithPoolFull() throws Exception {
        // A minute of connect timeout: a refusal that is not immediate would surface as a timeout, not POOL_FULL.
        Controller controller = gw.controller(b -> b.connectTimeout(Duration.ofMinutes(1)));
        Client first = controller.getClient();
        Client second = controller.getClient();

        assertThatThrownBy(controller::getClient)
                .isInstanceOfSatisfying(PoolFullException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.POOL_FULL);
                    assertThat(e.remoteMessage()).containsIgnoringCase("pool").contains("2");
                })
                .isInstanceOf(RemoteException.class);

        assertThat(gw.gateway().activeHandlers()).isEqualTo(2);
        assertThat(first.ping("1")).isEqualTo("1");
        assertThat(second.ping("2")).isEqualTo("2");
    }

    @Test
    void closeHandlerFreesTheSlotBeforeItReturns() throws Exception {
        Controller controller = gw.controller();
        controller.getClient();
        Client leaving = controller.getClient();

        leaving.closeHandler();

        assertThat(gw.gateway().activeHandlers()).isEqualTo(1);
        assertThat(controller.getClient().ping("took the slot")).isEqualTo("took the slot");
    }

    @Test
    void clientCloseFreesTheSlotBeforeItReturns() throws Exception {
        Controller controller = gw.controller();
        controller.getClient();
        controller.getClient().close();

        assertThat(controller.getClient().ping("took the slot")).isEqualTo("took the slot");
    }

    @Test
    void aClientThatVanishesAfterItsHelloFreesItsSlot() throws Exception {
        Client stays = gw.client();
        try (RawConnection raw = gw.raw()) {
            assertThat(raw.readHello().magic()).isEqualTo(RawConnection.MAGIC);
            raw.writeClientHelloAndAwaitAdmission();
            assertPoolFull();
        }

        gw.awaitActiveHandlers(1);
        assertThat(gw.client().ping("slot back")).isEqualTo("slot back");
        assertThat(stays.ping("unaffected")).isEqualTo("unaffected");
    }

    /** A slot is taken after the handshake: one still in its handshake holds none, and may find the pool full. */
    @Test
    void aConnectionInItsHandshakeHoldsNoSlotAndIsRefusedIfThePoolFilledMeanwhile() throws Exception {
        Client first = gw.client();
        try (RawConnection raw = gw.raw()) {
            raw.readHello();
            assertThat(gw.gateway().activeHandlers()).isEqualTo(1);
            Client second = gw.client(); // the slot the raw connection has not taken yet
            assertThat(gw.gateway().activeHandlers()).isEqualTo(2);

            raw.writeClientHello();
            RawConnection.Frame refusal = raw.readFrame(); // in place of AUTH_OK
            assertThat(refusal.type()).isEqualTo(RawConnection.ERROR);
            assertThat(ErrorCode.fromWire(refusal.errorCode())).isEqualTo(ErrorCode.POOL_FULL);
            assertThat(refusal.errorMessage()).containsIgnoringCase("pool").contains("2");
            assertThat(raw.isClosedByPeer()).isTrue();
            assertThat(first.ping("1")).isEqualTo("1");
            assertThat(second.ping("2")).isEqualTo("2");
        }
        assertThat(gw.gateway().activeHandlers()).isEqualTo(2);
    }

    @Test
    void aClientThatVanishesInTheMiddleOfAFrameFreesItsSlot() throws Exception {
        gw.client();
        try (RawConnection raw = gw.raw()) {
            raw.readHello();
            raw.writeClientHelloAndAwaitAdmission();
            raw.writeHeader(100, RawConnection.PING); // the body never comes
            assertPoolFull();
        }

        gw.awaitActiveHandlers(1);
        assertThat(gw.client().ping("slot back")).isEqualTo("slot back");
    }

    @Test
    void refusedConnectionsDoNotTakeSlots() throws Exception {
        Controller controller = gw.controller();
        controller.getClient();
        Client second = controller.getClient();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(controller::getClient).isInstanceOf(PoolFullException.class);
        }
        second.close();

        assertThat(controller.getClient().ping("fits")).isEqualTo("fits");
    }

    private void assertPoolFull() {
        assertThat(gw.gateway().activeHandlers()).isEqualTo(2);
        assertThatThrownBy(() -> gw.controller().getClient()).isInstanceOf(PoolFullException.class);
    }
}
