package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.support.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registering and removing subroutines, also while the gateway runs and clients are connected. */
class SubroutineManagementTest {
    @RegisterExtension
    final TestGateway gw = TestGateway.standard();

    @Test
    void subroutineNamesAreSorted() {
        gw.add("zeta", (BatchSubroutine) call -> null);
        gw.add("alpha", (BatchSubroutine) call -> null);
        assertThat(gw.gateway().subroutineNames())
                .containsExactly("alpha", TestGateway.COUNT, TestGateway.ECHO, TestGateway.SIZE, "zeta");
    }

    @Test
    void addRejectsBadNamesAndNullSubroutines() {
        Gateway g = gw.gateway();
        assertThatThrownBy(() -> g.addSubroutine(null, (BatchSubroutine) call -> null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> g.addSubroutine("x", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("subroutine");
        assertThatThrownBy(() -> g.addSubroutine("", (BatchSubroutine) call -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> g.addSubroutine("n".repeat(1025), (BatchSubroutine) call -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
        assertThat(g.subroutineNames()).doesNotContain("x", "");
    }

    @Test
    void removeReportsWhetherThereWasOne() {
        assertThat(gw.gateway().removeSubroutine(TestGateway.ECHO)).isTrue();
        assertThat(gw.gateway().removeSubroutine(TestGateway.ECHO)).isFalse();
        assertThat(gw.gateway().subroutineNames()).doesNotContain(TestGateway.ECHO);
    }

    @Test
    void aSubroutineRemovedWhileRunningIsUnknownToTheNextCall() throws Exception {
        Client client = gw.client();
        assertThat(client.getSubroutineBatch(TestGateway.ECHO, Args.of(new byte[] {1}))).containsExactly(1);

        gw.gateway().removeSubroutine(TestGateway.ECHO);

        assertThatThrownBy(() -> client.getSubroutineBatch(TestGateway.ECHO, Args.of(new byte[] {1})))
                .isInstanceOfSatisfying(RemoteException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_SUBROUTINE));
        assertThat(client.ping("ok")).isEqualTo("ok");
    }

    @Test
    void aSubroutineAddedWhileRunningServesAnExistingClientsNextCall() throws Exception {
        Client client = gw.client();
        assertThat(client.ping("connected first")).isEqualTo("connected first");

        gw.add("late", (BatchSubroutine) call -> Bytes.strToBytes("added later"));

        assertThat(Bytes.bytesToStr(client.getSubroutineBatch("late"))).isEqualTo("added later");
    }

    @Test
    void replacingASubroutineTakesEffectForTheNextCall() throws Exception {
        Client client = gw.client();
        gw.add("version", (BatchSubroutine) call -> Bytes.intToBytes(1));
        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("version"))).isEqualTo(1);

        gw.add("version", (BatchSubroutine) call -> Bytes.intToBytes(2));

        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("version"))).isEqualTo(2);
    }
}
