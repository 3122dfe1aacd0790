package dev.swarmnet.faults;

import dev.swarmnet.Client;
import java.util.Random;

/** The fault matrix for send calls: a buffer of 192 KiB to a subroutine that returns its length. */
class SendFaultsTest extends CallFaultCases {
    private static final byte[] BUFFER = new byte[192 * FaultBench.KIB];

    static {
        new Random(7).nextBytes(BUFFER);
    }

    @Override
    String operation() {
        return "send";
    }

    @Override
    Object call(Client client) throws Exception {
        return client.sendSubroutineBatch(FaultBench.SEND, BUFFER);
    }

    @Override
    Object expected() {
        return BUFFER.length;
    }
}
