package dev.swarmnet.faults;

import dev.swarmnet.Args;
import dev.swarmnet.Client;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * The fault matrix for streams: 2,000 chunks of 256 bytes with a stream window of 128 KiB (so credit flows back
 * several times), the fault injected by the subroutine before chunk 1,000.
 */
class StreamFaultsTest extends CallFaultCases {
    private static final long CHUNKS = 2_000;
    private static final long FAULT_AT = 1_000;

    /** Counted down when the callback has had every chunk sent before the hook. */
    private final CountDownLatch beforeHookReceived = new CountDownLatch(1);

    /** What a stream call gave: whether it ended normally, the idents in order, how many payloads were wrong. */
    record Received(boolean completed, List<Long> idents, int wrongPayloads) {
    }

    @Override
    String operation() {
        return "stream";
    }

    @Override
    Object call(Client client) throws Exception {
        List<Long> idents = new ArrayList<>();
        int[] wrong = {0};
        boolean completed = client.getSubroutineStream(FaultBench.STREAM, Args.of(CHUNKS, FAULT_AT),
                (name, ident, bytes) -> {
                    if (!Arrays.equals(bytes, FaultBench.chunk(ident))) {
                        wrong[0]++;
                    }
                    idents.add(ident);
                    if (idents.size() == FAULT_AT) {
                        beforeHookReceived.countDown();
                    }
                    return true;
                });
        return new Received(completed, idents, wrong[0]);
    }

    @Override
    Object expected() {
        return new Received(true, LongStream.range(0, CHUNKS).boxed().toList(), 0);
    }

    @Override
    void awaitNothingInFlight() throws InterruptedException {
        if (!beforeHookReceived.await(FaultBench.CEILING.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the chunks before the hook never reached the callback");
        }
    }
}
