package dev.swarmnet.internal.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.files.ForbiddenPathException;
import dev.swarmnet.internal.files.UploadTarget;
import dev.swarmnet.internal.wire.FrameReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The gateway's side of uploads striped over a swarm: the ranges of one file arrive on several
 * connections (handlers) and are written in place into one temporary file; FILE_PUT_COMMIT renames it
 * once every byte is covered by a verified range. A file none of whose connections is left is
 * abandoned and its temporary file removed, so a dead swarm leaves nothing behind. Thread-safe: one
 * instance per gateway, shared by its handlers.
 */
public final class StripedUploads {
    /** Striped files being received at once, at most: each holds an open file. */
    static final int MAX_OPEN = 256;

    private final Path downloadDir;
    private final Map<Key, Assembly> open = new HashMap<>();

    /** A striped upload: which file, and the client's id for this sending of it. */
    record Key(String dirname, String dest, long uploadId) {
    }

    /** One file being put together; guarded by the registry's lock. */
    private static final class Assembly {
        final Path target;
        final Path temp;
        final FileChannel channel;
        final long size;
        final long mtimeMillis;
        final TreeMap<Long, Long> stored = new TreeMap<>();
        final Set<Object> holders = new HashSet<>();
        int writing;

        Assembly(Path target, Path temp, FileChannel channel, long size, long mtimeMillis) {
            this.target = target;
            this.temp = temp;
            this.channel = channel;
            this.size = size;
            this.mtimeMillis = mtimeMillis;
        }

        boolean complete() {
            long covered = 0;
            for (Map.Entry<Long, Long> range : stored.entrySet()) {
                if (range.getKey() > covered) {
                    return false;
                }
                covered = Math.max(covered, range.getKey() + range.getValue());
            }
            return covered == size;
        }
    }

    public StripedUploads(Path downloadDir) {
        this.downloadDir = Objects.requireNonNull(downloadDir, "downloadDir");
    }

    /**
     * Receives one range (its header read, its body next on the wire) for {@code holder} (the handler).
     * The body is always consumed, so the connection stays in step whatever the outcome.
     */
    public FileFrames.Outcome receive(FrameReader reader, FileFrames.PutRangeHeader h, Object holder)
            throws IOException {
        Key key = new Key(h.dirname(), h.dest(), h.uploadId());
        Assembly assembly;
        try {
            assembly = join(key, h, holder);
        } catch (ForbiddenPathException e) {
            FileReceiver.discard(reader, h.length());
            return outcome(h.tag(), ErrorCode.FORBIDDEN, e.getMessage());
        } catch (RefusedRange e) {
            FileReceiver.discard(reader, h.length());
            return outcome(h.tag(), e.code, h.dest() + ": " + e.getMessage());
        } catch (IOException e) {
            FileReceiver.discard(reader, h.length());
            return outcome(h.tag(), ErrorCode.TRANSFER_FAILED, "cannot store " + h.dest() + ": " + e.getMessage());
        }
        String problem;
        try {
            problem = FileReceiver.receiveInto(reader, assembly.channel, h.tag(), h.offset(), h.length(), n -> { });
        } finally {
            synchronized (this) {
                assembly.writing--;
            }
        }
        if (problem != null) {
            return outcome(h.tag(), ErrorCode.CHECKSUM_MISMATCH, h.dest() + ": " + problem);
        }
        synchronized (this) {
            assembly.stored.put(h.offset(), h.length());
        }
        return outcome(h.tag(), null, "");
    }

    /** Renames the file once all its bytes arrived verified; otherwise says what is wrong. */
    public FileFrames.Outcome commit(FileFrames.PutCommit c) throws IOException {
        Key key = new Key(c.dirname(), c.dest(), c.uploadId());
        Assembly assembly;
        synchronized (this) {
            assembly = open.get(key);
            if (assembly == null) {
                return outcome(c.tag(), ErrorCode.TRANSFER_FAILED, c.dest()
                        + ": no ranges of this upload are held (its connections closed); send it again");
            }
            if (assembly.writing > 0 || !assembly.complete()) {
                return outcome(c.tag(), ErrorCode.TRANSFER_FAILED, c.dest() + ": not every range has arrived");
            }
            open.remove(key);
        }
        try {
            assembly.channel.close();
            FileReceiver.place(assembly.temp, assembly.target, assembly.mtimeMillis);
            return outcome(c.tag(), null, "");
        } catch (IOException e) {
            Files.deleteIfExists(assembly.temp);
            return outcome(c.tag(), ErrorCode.TRANSFER_FAILED, "cannot store " + c.dest() + ": " + e.getMessage());
        }
    }

    /** {@code holder}'s connection ended: files no connection holds any more are abandoned. */
    public void release(Object holder) {
        Map<Key, Assembly> abandoned = new HashMap<>();
        synchronized (this) {
            open.entrySet().removeIf(e -> {
                Assembly a = e.getValue();
                if (a.holders.remove(holder) && a.holders.isEmpty() && a.writing == 0) {
                    abandoned.put(e.getKey(), a);
                    return true;
                }
                return false;
            });
        }
        abandoned.values().forEach(StripedUploads::discard);
    }

    synchronized int openCount() {
        return open.size();
    }

    private Assembly join(Key key, FileFrames.PutRangeHeader h, Object holder) throws IOException {
        if (h.offset() > h.fileSize() || h.length() > h.fileSize() - h.offset()) {
            throw new RefusedRange(ErrorCode.BAD_ARGUMENTS, "range " + h.offset() + "+" + h.length()
                    + " lies outside a file of " + h.fileSize() + " bytes");
        }
        synchronized (this) {
            Assembly assembly = open.get(key);
            if (assembly == null) {
                if (open.size() >= MAX_OPEN) {
                    throw new RefusedRange(ErrorCode.LIMIT_EXCEEDED, "the gateway is receiving " + MAX_OPEN
                            + " striped files already; send this one later");
                }
                assembly = create(h);
                open.put(key, assembly);
            } else if (assembly.size != h.fileSize() || assembly.mtimeMillis != h.mtimeMillis()) {
                throw new RefusedRange(ErrorCode.BAD_ARGUMENTS, "ranges of one upload disagree on its size or mtime");
            }
            assembly.holders.add(holder);
            assembly.writing++;
            return assembly;
        }
    }

    private Assembly create(FileFrames.PutRangeHeader h) throws IOException {
        Path target = UploadTarget.resolve(downloadDir, h.dirname(), h.dest());
        Path temp = UploadTarget.temporaryFor(target);
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Assembly(target, temp, channel, h.fileSize(), h.mtimeMillis());
    }

    private static void discard(Assembly assembly) {
        try {
            assembly.channel.close();
            Files.deleteIfExists(assembly.temp);
        } catch (IOException ignored) {
            // a hidden, recognisable temporary name: a later run can clean it up
        }
    }

    private static FileFrames.Outcome outcome(int tag, ErrorCode code, String message) {
        return new FileFrames.Outcome(tag, code == null ? 0 : code.wireCode(), message);
    }

    /** A range that cannot be taken, with the code to answer. */
    private static final class RefusedRange extends IOException {
        final ErrorCode code;

        RefusedRange(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }
    }
}
