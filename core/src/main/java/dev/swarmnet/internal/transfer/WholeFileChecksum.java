package dev.swarmnet.internal.transfer;

import dev.swarmnet.internal.files.QueryBudget;
import dev.swarmnet.internal.wire.ConnectionWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The CRC32C of a whole file, read with positional reads through one reused direct buffer (never a memory map:
 * a file truncated under a map would crash the JVM). Not thread-safe: one per thread.
 */
public final class WholeFileChecksum {
    /** A read; between reads a gateway asks whether the answer is still wanted. */
    private static final int BLOCK = 1024 * 1024;
    /** What {@link #of} returns for a file that ended before its size. */
    public static final long SHORT = -1;

    /** Made at the first file: most holders (every upload check) never read one. */
    private ByteBuffer buffer;

    /**
     * The CRC32C of the first {@code size} bytes of {@code file} (unsigned), or {@link #SHORT} if it has fewer.
     * {@code stillWanted} is asked between reads (it fails when nobody waits for the answer any more).
     */
    public long of(FileChannel file, long size, QueryBudget.StillWanted stillWanted) throws IOException {
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(BLOCK);
        }
        CRC32C crc = new CRC32C();
        for (long done = 0; done < size; ) {
            buffer.clear().limit((int) Math.min(BLOCK, size - done));
            int n = ConnectionWriter.readFile(file, buffer, done); // a read error: -1, as for a short file
            if (n <= 0) {
                return SHORT;
            }
            buffer.flip();
            crc.update(buffer);
            done += n;
            stillWanted.check();
        }
        return crc.getValue();
    }
}
