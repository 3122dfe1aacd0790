package dev.swarmnet.internal.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Positional writes into one file from several connections, one block at a time. Every write to a file
 * holds its inode's lock in the kernel anyway; a thread that waits for it there spins on a CPU that the other
 * lanes and the sender need (with four lanes on two cores, a tenth of each lane's CPU went to that spinning),
 * while a thread that waits here parks.
 */
public final class TurnTakingWrites {
    private final ReentrantLock turn = new ReentrantLock();

    /** Writes all of {@code data} into {@code out} at {@code position}, after any other thread's block. */
    public void write(FileChannel out, ByteBuffer data, long position) throws IOException {
        turn.lock();
        try {
            long at = position;
            while (data.hasRemaining()) {
                at += out.write(data, at);
            }
        } finally {
            turn.unlock();
        }
    }
}
