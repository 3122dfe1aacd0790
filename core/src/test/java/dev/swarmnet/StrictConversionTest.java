package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Typed argument access never guesses: a value of another JSON type is BAD_ARGUMENTS, not a conversion. */
class StrictConversionTest {
    @RegisterExtension
    final TestGateway gw = TestGateway.standard();

    private Client client;

    @BeforeEach
    void setUp() throws IOException {
        client = gw.client();
        gw.add("as_string", (BatchSubroutine) call -> Bytes.strToBytes(call.arg(0, String.class)));
        gw.add("as_int", (BatchSubroutine) call -> Bytes.intToBytes(call.arg(0, Integer.class)));
        gw.add("as_bool", (BatchSubroutine) call -> new byte[] {(byte) (call.arg(0, Boolean.class) ? 1 : 0)});
    }

    @Test
    void numbersAndBooleansAreNotStrings() throws IOException {
        for (Object notText : new Object[] {42, 42L, 1.5, true}) {
            assertBadArguments("as_string", notText);
        }
        assertThat(Bytes.bytesToStr(client.getSubroutineBatch("as_string", Args.of("text")))).isEqualTo("text");
    }

    @Test
    void stringsFloatsAndBooleansAreNotInts() throws IOException {
        for (Object notInt : new Object[] {"12", 1.5, 2.0, true}) {
            assertBadArguments("as_int", notInt);
        }
        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("as_int", Args.of(12)))).isEqualTo(12);
    }

    @Test
    void stringsAndNumbersAreNotBooleans() throws IOException {
        for (Object notBool : new Object[] {"true", 1}) {
            assertBadArguments("as_bool", notBool);
        }
        assertThat(client.getSubroutineBatch("as_bool", Args.of(true))).containsExactly(1);
    }

    private void assertBadArguments(String name, Object value) throws IOException {
        RemoteException e = catchThrowableOfType(RemoteException.class,
                () -> client.getSubroutineBatch(name, Args.of(value)));
        assertThat(e).as("%s(%s)", name, value).isNotNull();
        assertThat(e.errorCode()).as("%s(%s)", name, value).isEqualTo(ErrorCode.BAD_ARGUMENTS);
        assertThat(client.ping("usable")).isEqualTo("usable");
    }
}
