package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.swarmnet.support.ChunkLog;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures the gateway reports: each arrives as a RemoteException with the right code and a useful
 * message, and leaves the client (and the gateway) usable.
 */
class ErrorsTest {
    private static final int SMALL_FRAME = 64 * 1024;

    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxFrameSize(SMALL_FRAME));

    private Client client;

    @BeforeEach
    void setUp() throws IOException {
        client = gw.client();
        gw.add("add", (BatchSubroutine) call ->
                Bytes.intToBytes(call.arg(0, Integer.class) + call.kwarg("plus", Integer.class)));
        gw.add("boom", (BatchSubroutine) call -> {
            throw new IllegalStateException("boom");
        });
    }

    @Test
    void unknownSubroutineIsNamed() throws IOException {
        RemoteException e = assertRemote(() -> client.getSubroutineBatch("no-such-thing"), ErrorCode.UNKNOWN_SUBROUTINE);
        assertThat(e.remoteMessage()).contains("no-such-thing");
        assertRemote(() -> client.sendSubroutineBatch("no-such-thing", new byte[1]), ErrorCode.UNKNOWN_SUBROUTINE);
        assertRemote(() -> client.getSubroutineStream("no-such-thing", Args.none(), ChunkLog.accepting()),
                ErrorCode.UNKNOWN_SUBROUTINE);
    }

    @Test
    void aStreamCalledAsBatchIsTheWrongKind() throws IOException {
        RemoteException e = assertRemote(() -> client.getSubroutineBatch(TestGateway.COUNT, Args.of(1)),
                ErrorCode.WRONG_KIND);
        assertThat(e.remoteMessage()).contains(TestGateway.COUNT, "stream");
    }

    @Test
    void aBatchCalledAsSendIsTheWrongKind() throws IOException {
        RemoteException e = assertRemote(() -> client.sendSubroutineBatch(TestGateway.ECHO, new byte[1]),
                ErrorCode.WRONG_KIND);
        assertThat(e.remoteMessage()).contains(TestGateway.ECHO, "batch");
    }

    @Test
    void aSendCalledAsStreamIsTheWrongKind() throws IOException {
        ChunkLog log = ChunkLog.accepting();
        RemoteException e = assertRemote(
                () -> client.getSubroutineStream(TestGateway.SIZE, Args.none(), log, log.onEnd()), ErrorCode.WRONG_KIND);
        assertThat(e.remoteMessage()).contains(TestGateway.SIZE, "send");
        assertThat(log.count()).isZero();
        assertThat(log.ends()).isEmpty();
    }

    @Test
    void aMissingPositionalArgumentIsBadArguments() throws IOException {
        RemoteException e = assertRemote(() -> client.getSubroutineBatch("add", Args.none().with("plus", 1)),
                ErrorCode.BAD_ARGUMENTS);
        assertThat(e.remoteMessage()).contains("add", "0");
    }

    @Test
    void aStringForAnIntegerIsBadArguments() throws IOException {
        assertRemote(() -> client.getSubroutineBatch("add", Args.of("abc").with("plus", 1)), ErrorCode.BAD_ARGUMENTS);
    }

    @Test
    void aFractionForAnIntegerIsBadArguments() throws IOException {
        RemoteException e = assertRemote(() -> client.getSubroutineBatch("add", Args.of(1.5).with("plus", 1)),
                ErrorCode.BAD_ARGUMENTS);
        assertThat(e.remoteMessage()).contains("Integer");
    }

    @Test
    void aMissingKeywordArgumentIsBadArguments() throws IOException {
        RemoteException e = assertRemote(() -> client.getSubroutineBatch("add", Args.of(1)), ErrorCode.BAD_ARGUMENTS);
        assertThat(e.remoteMessage()).contains("plus");
    }

    @Test
    void wellFormedArgumentsStillWork() throws IOException {
        assertThat(Bytes.bytesToInt(client.getSubroutineBatch("add", Args.of(40).with("plus", 2)))).isEqualTo(42);
    }

    @Test
    void aThrowingSubroutineIsSubroutineFailedWithTheExceptionInTheMessage() throws IOException {
        RemoteException e = assertRemote(() -> client.getSubroutineBatch("boom"), ErrorCode.SUBROUTINE_FAILED);
        assertThat(e.remoteMessage()).contains("boom", IllegalStateException.class.getName());
    }

    @Test
    void aPlainIllegalArgumentExceptionIsAFailureNotBadArguments() throws IOException {
        gw.add("iae", (SendSubroutine) call -> {
            throw new IllegalArgumentException("a bug inside the subroutine");
        });
        RemoteException e = assertRemote(() -> client.sendSubroutineBatch("iae", new byte[1]),
                ErrorCode.SUBROUTINE_FAILED);
        assertThat(e.remoteMessage()).contains("a bug inside the subroutine", IllegalArgumentException.class.getName());
    }

    @Test
    void anArgumentExceptionThrownBySubroutineIsBadArguments() throws IOException {
        gw.add("picky", (SendSubroutine) call -> {
            throw new ArgumentException("buffer must not be empty");
        });
        RemoteException e = assertRemote(() -> client.sendSubroutineBatch("picky", new byte[0]),
                ErrorCode.BAD_ARGUMENTS);
        assertThat(e.remoteMessage()).contains("buffer must not be empty");
    }

    @Test
    void aStreamThatFailsAfterSomeChunksDeliversThemThenTheError() throws IOException {
        gw.add("fails-later", (StreamSubroutine) (call, out) -> {
            for (long i = 0; i < 5; i++) {
                out.emit(i, Bytes.longToBytes(i));
            }
            throw new IllegalStateException("stream boom");
        });
        ChunkLog log = ChunkLog.accepting();

        RemoteException e = assertRemote(() -> client.getSubroutineStream("fails-later", Args.none(), log, log.onEnd()),
                ErrorCode.SUBROUTINE_FAILED);

        assertThat(e.remoteMessage()).contains("stream boom", IllegalStateException.class.getName());
        assertThat(log.count()).isEqualTo(5);
        assertThat(log.problems()).isEmpty();
        assertThat(log.ends()).isEmpty();
    }

    @Test
    void aBatchResultAboveTheMaxFrameSizeIsResultTooLarge() throws IOException {
        gw.add("huge", (BatchSubroutine) call -> new byte[SMALL_FRAME + 1]);
        RemoteException e = assertRemote(() -> client.getSubroutineBatch("huge"), ErrorCode.RESULT_TOO_LARGE);
        assertThat(e.remoteMessage()).contains("huge", Integer.toString(SMALL_FRAME + 1));
    }

    @Test
    void aBatchResultOfExactlyTheMaxFrameSizeIsDelivered() throws IOException {
        gw.add("just-fits", (BatchSubroutine) call -> new byte[SMALL_FRAME]);
        assertThat(client.getSubroutineBatch("just-fits")).hasSize(SMALL_FRAME);
    }

    @Test
    void aChunkOfExactlyTheMaxChunkSizeIsDelivered() throws IOException {
        gw.add("just-fits", (StreamSubroutine) (call, out) -> out.emit(0, new byte[SMALL_FRAME - Long.BYTES]));
        ChunkLog log = ChunkLog.accepting();
        assertThat(client.getSubroutineStream("just-fits", Args.none(), log)).isTrue();
        assertThat(log.count()).isEqualTo(1);
    }

    @Test
    void aChunkAboveTheMaxFrameSizeFailsTheStream() throws IOException {
        gw.add("huge-chunk", (StreamSubroutine) (call, out) -> out.emit(0, new byte[SMALL_FRAME - Long.BYTES + 1]));
        assertRemote(() -> client.getSubroutineStream("huge-chunk", Args.none(), ChunkLog.accepting()),
                ErrorCode.SUBROUTINE_FAILED);
    }

    @Test
    void failingSubroutinesNeverTakeTheGatewayDown() throws IOException {
        Client other = gw.controller().getClient();
        for (int i = 0; i < 20; i++) {
            assertRemote(() -> client.getSubroutineBatch("boom"), ErrorCode.SUBROUTINE_FAILED);
            assertThat(other.getSubroutineBatch(TestGateway.ECHO, Args.of(new byte[] {(byte) i}))).containsExactly(i);
        }
        assertThat(gw.gateway().isRunning()).isTrue();
        assertThat(gw.gateway().activeHandlers()).isEqualTo(2);
        assertThat(gw.controller().getClient().ping("new client")).isEqualTo("new client");
    }

    /** Asserts the operation fails remotely with {@code code}, and that the client is still usable. */
    private RemoteException assertRemote(ThrowingCallable operation, ErrorCode code) throws IOException {
        Throwable thrown = catchThrowable(operation);
        assertThat(thrown).isInstanceOf(RemoteException.class);
        RemoteException e = (RemoteException) thrown;
        assertThat(e.errorCode()).as("error code of: %s", e.getMessage()).isEqualTo(code);
        assertThat(e.remoteMessage()).isNotBlank();
        assertThat(e.getMessage()).contains(code.name(), e.remoteMessage());
        assertThat(client.isOpen()).isTrue();
        assertThat(client.ping("usable after " + code)).isEqualTo("usable after " + code);
        return e;
    }
}
