package dev.swarmnet.faults;

import dev.swarmnet.Args;
import dev.swarmnet.Client;
import java.nio.ByteBuffer;
import java.util.Random;

/** The fault matrix for batch calls: an echo of 192 KiB through each fault. */
class BatchFaultsTest extends CallFaultCases {
    private static final byte[] PAYLOAD = new byte[192 * FaultBench.KIB];

    static {
        new Random(6).nextBytes(PAYLOAD);
    }

    @Override
    String operation() {
        return "batch";
    }

    @Override
    Object call(Client client) throws Exception {
        return ByteBuffer.wrap(client.getSubroutineBatch(FaultBench.BATCH, Args.of((Object) PAYLOAD)));
    }

    @Override
    Object expected() {
        return ByteBuffer.wrap(PAYLOAD);
    }
}
