package dev.swarmnet.faults;

import static dev.swarmnet.faults.FaultBench.assertClearErrorNotAStall;
import static dev.swarmnet.faults.FaultBench.assertStalled;
import static dev.swarmnet.faults.FaultBench.describe;
import static dev.swarmnet.faults.FaultBench.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.RemoteException;
import dev.swarmnet.testkit.Direction;
import dev.swarmnet.testkit.ProxiedConnection;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault matrix for one kind of call (batch, send, stream), each fault injected by the gateway's subroutine
 * itself, mid-call (after the request arrived, before the reply is complete), so that where it lands is known:
 * a cut or a stall there can never let the reply through.
 *
 * <p>Corruption: calls carry no checksum of their own (the protocol relies on TCP, or TLS, for payload
 * integrity), so a bit flipped in a call's payload would be delivered as a wrong result; that is a known,
 * documented limit, not tested here. What must hold is that a bit flipped in a frame header ends in a clear
 * error, never a hang or a wrong result: the cell flips the first byte of a request (the top byte of its length,
 * so the gateway sees a frame above its maximum) and then the first byte of a reply (the client sees the same).
 */
abstract class CallFaultCases {
    @TempDir
    Path tmp;

    FaultBench bench;

    @BeforeEach
    void setUp() throws Exception {
        bench = new FaultBench(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        bench.close();
    }

    /** The operation's name in the matrix. */
    abstract String operation();

    /** Makes the call; the gateway runs the bench's hook in the middle of it. The result in a comparable form. */
    abstract Object call(Client client) throws Exception;

    /** What {@link #call} returns when all went well. */
    abstract Object expected();

    /**
     * Waits, inside the hook, until nothing the gateway sent is still on its way (a stream's chunks before the
     * hook have reached the callback): the next byte forwarded down is then the start of a frame.
     */
    void awaitNothingInFlight() throws InterruptedException {
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void endsWithTheRightResultOrAClearError(Fault fault) throws Exception {
        Controller controller = bench.controller(fault);
        switch (fault) {
            case DELAY, THROTTLE -> {
                bench.shape(fault);
                Client client = controller.getClient();
                FaultBench.Outcome<Object> outcome = FaultBench.run(operation(), () -> call(client));
                assertThat(outcome.valueOrFail()).as("the result").isEqualTo(expected());
                assertThat(bench.proxy().bytesForwarded(Direction.DOWNSTREAM)).as("the reply came through the proxy")
                        .isPositive();
                record(operation(), fault, "correct result");
            }
            case STALL -> {
                Client client = controller.getClient();
                bench.onMidCall(() -> bench.proxy().stallAll(true));
                Throwable error = FaultBench.run(operation(), () -> call(client)).errorOrFail();
                assertStalled(error);
                assertThat(client.isOpen()).isFalse();
                record(operation(), fault, describe(error));
            }
            case CUT -> {
                Client client = controller.getClient();
                bench.onMidCall(() -> bench.proxy().cutAll());
                Throwable error = FaultBench.run(operation(), () -> call(client)).errorOrFail();
                assertClearErrorNotAStall(error);
                assertThat(client.isOpen()).isFalse();
                record(operation(), fault, describe(error));
            }
            case CORRUPT -> {
                corruptTheRequestHeader(controller);
                corruptTheReplyHeader(controller);
            }
            default -> throw new AssertionError(fault);
        }
        bench.assertGatewayRecovers();
    }

    /**
     * The client sends nothing between its hello and the call, so once the hello has gone through, its next byte
     * is the request's first.
     */
    private void corruptTheRequestHeader(Controller controller) throws Exception {
        Client client = controller.getClient();
        bench.afterClientHello(bench.newestConnection()).corruptNextByte(Direction.UPSTREAM);
        Throwable error = FaultBench.run(operation(), () -> call(client)).errorOrFail();
        assertClearErrorNotAStall(error);
        assertThat(error).as("the gateway refuses the frame and says why").isInstanceOfSatisfying(
                RemoteException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
        assertThat(client.isOpen()).isFalse();
        record(operation(), "CORRUPT request", describe(error));
    }

    /**
     * While the subroutine runs the gateway sends nothing but the reply, or a keepalive frame if it takes a while:
     * either way the next byte down is the first of a frame header.
     */
    private void corruptTheReplyHeader(Controller controller) throws Exception {
        Client client = controller.getClient();
        ProxiedConnection connection = bench.newestConnection();
        bench.onMidCall(() -> {
            awaitNothingInFlight();
            connection.corruptNextByte(Direction.DOWNSTREAM);
        });
        Throwable error = FaultBench.run(operation(), () -> call(client)).errorOrFail();
        assertClearErrorNotAStall(error);
        assertThat(error.getMessage()).as("the client names the bad frame").contains("frame");
        assertThat(client.isOpen()).isFalse();
        record(operation(), "CORRUPT reply", describe(error));
    }
}
