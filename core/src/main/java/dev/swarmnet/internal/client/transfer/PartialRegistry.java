package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.internal.files.Folder;
import dev.swarmnet.internal.files.FolderCache;
import dev.swarmnet.internal.files.ResumablePieces;
import dev.swarmnet.internal.files.TargetFolders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Which download partials ({@link DownloadPartial}) a download folder holds, and since when: one hidden file in the
 * folder, {@value #NAME}. A partial is entered when a download starts writing it and leaves when the file is in
 * place or the partial is deleted; one that no run came back to within {@link #RETENTION} is deleted by the next
 * download into that folder, which reads this file first. So a partial is never orphaned, even when its file is
 * no longer asked for, and finding them costs one small file rather than a walk of the folder.
 *
 * <p>Processes share the file under an exclusive lock, threads of one process under a monitor. Bounded:
 * {@link #MAX_ENTRIES}; entering one more deletes the oldest partial.
 */
final class PartialRegistry {
    static final String NAME = ".partials.swarmnet-part";
    /** How long a partial waits for a run to continue it. */
    static final Duration RETENTION = Duration.ofDays(7);
    static final int MAX_ENTRIES = 10_000;
    private static final int MAGIC = 0x53574E50; // "SWNP"
    /** Every registry of this JVM: a file lock is held per process, not per thread. */
    private static final Object IN_THIS_PROCESS = new Object();

    private final TargetFolders folders;
    private final LongSupplier clockMillis;

    PartialRegistry(TargetFolders folders, LongSupplier clockMillis) {
        this.folders = folders;
        this.clockMillis = clockMillis;
    }

    /** Deletes the partials that waited longer than the retention; a folder without a registry costs one look. */
    void sweep() throws IOException {
        long oldest = clockMillis.getAsLong() - RETENTION.toMillis();
        update(false, entries -> {
            for (Iterator<Map.Entry<String, Long>> it = entries.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Long> e = it.next();
                if (e.getValue() < oldest) {
                    deletePartial(e.getKey());
                    it.remove();
                }
            }
        });
    }

    /** The partial of {@code dest} (its path below the download folder) is being written: entered, as of now. */
    void add(String dest) throws IOException {
        long now = clockMillis.getAsLong();
        update(true, entries -> {
            entries.remove(dest);
            entries.put(dest, now); // last: the entries stay oldest first
            while (entries.size() > MAX_ENTRIES) {
                Iterator<String> oldest = entries.keySet().iterator();
                deletePartial(oldest.next());
                oldest.remove();
            }
        });
    }

    /** The partial of {@code dest} is gone (its file is in place, or it was deleted). */
    void remove(String dest) throws IOException {
        update(false, entries -> entries.remove(dest));
    }

    private interface Change {
        void apply(Map<String, Long> entries) throws IOException;
    }

    private void update(boolean create, Change change) throws IOException {
        synchronized (IN_THIS_PROCESS) {
            Folder root = folders.rootFolder();
            FileChannel channel = open(root, create);
            if (channel == null) {
                return;
            }
            try (channel; FileLock lock = channel.lock()) {
                Map<String, Long> entries = read(channel);
                Map<String, Long> before = new LinkedHashMap<>(entries);
                change.apply(entries);
                if (entries.isEmpty()) {
                    // A process that opened the file before this deletes it writes into a file no one reads: its
                    // partial is then found again only by its own download. Rare, and never harmful.
                    root.deleteIfExists(NAME);
                } else if (!entries.equals(before)) {
                    write(channel, entries);
                }
            }
        }
    }

    /** The registry file, created if {@code create}; null when there is none. */
    private static FileChannel open(Folder root, boolean create) throws IOException {
        try {
            return root.openForWriting(NAME);
        } catch (NoSuchFileException e) {
            return create ? root.createFile(NAME) : null;
        }
    }

    /** Deletes the partial and log of {@code dest}, if they are there; a malformed entry deletes nothing. */
    private void deletePartial(String dest) {
        int slash = dest.lastIndexOf('/');
        String name = dest.substring(slash + 1);
        try (FolderCache.Lease folder = folders.existingFolder(slash < 0 ? "" : dest.substring(0, slash))) {
            if (folder != null && !name.isEmpty()) {
                folder.folder().deleteIfExists(ResumablePieces.downloadLogName(name));
                folder.folder().deleteIfExists(ResumablePieces.downloadDataName(name));
            }
        } catch (IOException e) {
            // a path that is no longer a folder, or a name this host refuses: nothing of ours is there
        }
    }

    private static Map<String, Long> read(FileChannel channel) throws IOException {
        Map<String, Long> entries = new LinkedHashMap<>();
        long size = channel.size();
        if (size < 4 || size > (long) MAX_ENTRIES * (8 + 2 + 4096) + 4) {
            return entries; // new, or not a registry: it is written afresh
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
            // positional reads until all is in
        }
        b.flip();
        if (b.getInt() != MAGIC) {
            return entries;
        }
        while (b.remaining() >= 10) {
            long millis = b.getLong();
            int length = Short.toUnsignedInt(b.getShort());
            if (length > b.remaining()) {
                break; // a torn last entry
            }
            byte[] dest = new byte[length];
            b.get(dest);
            entries.put(new String(dest, StandardCharsets.UTF_8), millis);
        }
        return entries;
    }

    private static void write(FileChannel channel, Map<String, Long> entries) throws IOException {
        int size = 4;
        for (String dest : entries.keySet()) {
            size += 10 + dest.getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(MAGIC);
        for (Map.Entry<String, Long> e : entries.entrySet()) {
            byte[] dest = e.getKey().getBytes(StandardCharsets.UTF_8);
            b.putLong(e.getValue()).putShort((short) dest.length).put(dest);
        }
        b.flip();
        channel.truncate(0);
        while (b.hasRemaining()) {
            channel.write(b, b.position());
        }
    }
}
