package dev.swarmnet.internal.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The log of a resumable upload's verified ranges, kept beside its data file: a header naming the upload
 * (id, file size, mtime), then one fixed-size record per verified range (offset, length, CRC32C of its
 * bytes), appended after the range is written and verified and before the client is told. A restarted
 * gateway reads it back and checks every range against the data again (on the gateway, {@code UploadPiece}), so a torn
 * last record or bytes that never reached the disk (power loss) cost only those ranges being sent again.
 *
 * <p>Bounded: at most {@link #MAX_RECORDS} records (1.3 MB), so a client sending tiny ranges cannot grow it
 * without limit; ranges beyond are still stored, only not remembered across a restart.
 */
public final class RangeLog implements Closeable {
    public static final int MAX_RECORDS = 65_536;
    private static final int MAGIC = 0x53574E52; // "SWNR"
    private static final int VERSION = 1;
    static final int HEADER_BYTES = 4 + 1 + 8 + 8 + 8;
    static final int RECORD_BYTES = 8 + 8 + 4;

    /** Which upload the log belongs to. */
    public record Header(long uploadId, long fileSize, long mtimeNanos) {
    }

    /** One verified range. */
    public record Entry(long offset, long length, int crc) {
    }

    private final FileChannel channel;
    private final Header header;
    /** The ranges read back when the log was opened, until {@link #takeLoaded()} hands them over. */
    private List<Entry> loaded;
    private int records;

    private RangeLog(FileChannel channel, Header header, List<Entry> loaded, int records) {
        this.channel = channel;
        this.header = header;
        this.loaded = loaded;
        this.records = records;
    }

    /** A new, empty log in {@code channel} (a file just created; it is the log's and closed with it). */
    public static RangeLog create(FileChannel channel, Header header) throws IOException {
        try {
            ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).put((byte) VERSION)
                    .putLong(header.uploadId()).putLong(header.fileSize()).putLong(header.mtimeNanos()).flip();
            writeFully(channel, b, 0);
            return new RangeLog(channel, header, List.of(), 0);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The log in {@code channel} (opened for reading and writing; the log's, or closed here) read back, or null
     * when it is not a log this version wrote (then the upload cannot be resumed). Records that lie outside the
     * file are dropped; a torn last record is cut off, so the next append starts on a record boundary.
     */
    public static RangeLog open(FileChannel channel) throws IOException {
        try {
            long size = Math.min(channel.size(), HEADER_BYTES + (long) MAX_RECORDS * RECORD_BYTES);
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
                // positional reads until the capped size is in
            }
            b.flip();
            Header header = readHeader(b);
            if (header == null) {
                channel.close();
                return null;
            }
            int records = b.remaining() / RECORD_BYTES;
            channel.truncate(HEADER_BYTES + (long) records * RECORD_BYTES);
            return new RangeLog(channel, header, readEntries(b, records, header.fileSize()), records);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Header header() {
        return header;
    }

    /**
     * The ranges the log held when it was opened (empty for a new log), handed over once: the log does not keep
     * them, up to {@link #MAX_RECORDS} entries, for the life of the upload.
     */
    public List<Entry> takeLoaded() {
        List<Entry> entries = loaded;
        loaded = List.of();
        return entries;
    }

    /** Remembers a verified range; false when the log is full (the range is then not remembered). */
    public synchronized boolean append(Entry e) throws IOException {
        if (records >= MAX_RECORDS) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(RECORD_BYTES).putLong(e.offset()).putLong(e.length()).putInt(e.crc()).flip();
        writeFully(channel, b, HEADER_BYTES + (long) records * RECORD_BYTES);
        records++;
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Whether {@code data} holds bytes with the entry's checksum where the entry says: what makes a logged range
     * trusted again after a restart ({@code buffer} is scratch space).
     */
    public static boolean holds(FileChannel data, Entry e, ByteBuffer buffer) throws IOException {
        CRC32C crc = new CRC32C();
        for (long done = 0; done < e.length(); ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), e.length() - done));
            int n = data.read(buffer, e.offset() + done);
            if (n <= 0) {
                return false; // the data is shorter than the log says: those bytes never reached the disk
            }
            buffer.flip();
            crc.update(buffer);
            done += n;
        }
        return (int) crc.getValue() == e.crc();
    }

    private static Header readHeader(ByteBuffer b) {
        if (b.remaining() < HEADER_BYTES || b.getInt() != MAGIC || b.get() != VERSION) {
            return null;
        }
        Header h = new Header(b.getLong(), b.getLong(), b.getLong());
        return h.fileSize() < 0 ? null : h;
    }

    private static List<Entry> readEntries(ByteBuffer b, int records, long fileSize) {
        List<Entry> entries = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            Entry e = new Entry(b.getLong(), b.getLong(), b.getInt());
            if (e.offset() >= 0 && e.length() > 0 && e.offset() <= fileSize && e.length() <= fileSize - e.offset()) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static void writeFully(FileChannel channel, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            position += channel.write(b, position);
        }
    }
}
