package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.internal.files.Folder;
import dev.swarmnet.internal.files.FolderCache;
import dev.swarmnet.internal.files.TargetFolders;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The folders in which a download may have a temporary file open, noted in a hidden file of the download
 * folder ({@code .run-<hex>.swarmnet-part}) before the first temporary is made there, and locked for as long as
 * the download runs. A download killed outright (SIGKILL, a crash, power loss) cannot remove its temporaries; the
 * next download into the same folder finds its record unlocked, deletes the temporaries in the folders it
 * names, then the record. So temporaries of small files never outlive their transfer for long, at the cost of a
 * few bytes per folder while a download runs. Partials of large files are kept on purpose and are not touched
 * ({@link PartialRegistry}).
 */
final class RunRecord implements Closeable {
    private static final String PREFIX = ".run-";
    private static final String SUFFIX = ".swarmnet-part";
    /** A one-off temporary name ({@code UploadTarget.temporaryName}): 16 hex digits before the suffix. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..*\\.[0-9a-f]{16}\\.swarmnet-part");
    /** Names in the record end with a NUL, which no file name holds. */
    private static final byte END = 0;

    private final Folder root;
    private final String name;
    private final FileChannel channel;
    private final FileLock lock;
    private final Set<String> noted = new HashSet<>();
    private long size;

    private RunRecord(Folder root, String name, FileChannel channel, FileLock lock) {
        this.root = root;
        this.name = name;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Cleans up after the downloads into {@code folders} that were killed, then starts this download's record.
     */
    static RunRecord start(TargetFolders folders) throws IOException {
        Folder root = folders.rootFolder();
        for (String other : root.names()) {
            if (other.startsWith(PREFIX) && other.endsWith(SUFFIX)) {
                cleanUpAfter(folders, other);
            }
        }
        String name = PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + SUFFIX;
        FileChannel channel = root.createFile(name);
        try {
            return new RunRecord(root, name, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            root.deleteIfExists(name);
            throw e;
        }
    }

    /** Notes {@code folder} (below the download folder; "" for itself) before a temporary is made there. */
    synchronized void note(String folder) throws IOException {
        if (!noted.add(folder)) {
            return;
        }
        byte[] bytes = folder.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(bytes.length + 1).put(bytes).put(END).flip();
        while (b.hasRemaining()) {
            size += channel.write(b, size);
        }
    }

    /** The download ended: its temporaries are gone, and so is its record. */
    @Override
    public synchronized void close() {
        try {
            root.deleteIfExists(name);
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the record stays, unlocked: the next download finds no temporaries in its folders and deletes it
        }
    }

    /** If the download that wrote record {@code name} is gone (its lock free), deletes its temporaries and record. */
    private static void cleanUpAfter(TargetFolders folders, String name) {
        Folder root = folders.rootFolder();
        try (FileChannel channel = root.openForWriting(name)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException running) {
                return; // a download of this process
            }
            if (lock == null) {
                return; // a download of another process, running
            }
            try (lock) {
                for (String folder : folders(channel)) {
                    deleteTemporaries(folders, folder);
                }
                root.deleteIfExists(name);
            }
        } catch (IOException e) {
            // gone meanwhile (another download cleaned up first), or unreadable: left for a later download
        }
    }

    private static Set<String> folders(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 16L << 20);
        ByteBuffer b = ByteBuffer.allocate((int) size);
        while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
            // positional reads until all is in
        }
        Set<String> folders = new HashSet<>();
        int start = 0;
        for (int i = 0; i < b.position(); i++) {
            if (b.get(i) == END) {
                folders.add(new String(b.array(), start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return folders;
    }

    private static void deleteTemporaries(TargetFolders folders, String folder) {
        try (FolderCache.Lease lease = folders.existingFolder(folder)) {
            if (lease == null) {
                return;
            }
            for (String entry : lease.folder().names()) {
                if (TEMPORARY.matcher(entry).matches()) {
                    lease.folder().deleteIfExists(entry);
                }
            }
        } catch (IOException e) {
            // a name this host refuses, or a folder that cannot be read: nothing of this download's is there
        }
    }
}
