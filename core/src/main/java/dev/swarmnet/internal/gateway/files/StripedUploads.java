package dev.swarmnet.internal.gateway.files;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.files.ForbiddenPathException;
import dev.swarmnet.internal.files.NoRoomException;
import dev.swarmnet.internal.files.ResumablePieces;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.files.UploadTarget;
import dev.swarmnet.internal.transfer.FileReceiver;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The gateway's side of uploads striped over a swarm: the ranges of one file arrive on several connections
 * (handlers) and are written in place into one data file ({@link UploadPiece}); FILE_PUT_COMMIT renames it
 * once every byte is covered by a verified range. When no connection holds a file any more its pieces stay
 * on disk for the retention period, so the same upload can resume after its connections, or the gateway
 * process, came back (FILE_PUT_QUERY tells the client which ranges are held); with a zero retention they are
 * deleted at once. A newer sending of a range supersedes an older one still in progress (a stalled or cut
 * connection's handler stuck inside the body), and the commit does not wait for such stale writers: it stops
 * them first ({@link UploadPiece}). Thread-safe: one instance per gateway, shared by its handlers.
 */
public final class StripedUploads {
    /** Striped files being received at once, at most: each holds an open file. */
    static final int MAX_OPEN = 256;
    /**
     * Striped files one connection may hold at once (receiving, asking about or committing them), at most: a
     * connection keeps the uploads it touched until it commits them or ends, so without this one client could
     * hold all {@link #MAX_OPEN} and refuse everyone else's. A swarm's connection holds only the few files whose
     * stripes it is sending.
     */
    static final int MAX_OPEN_PER_CONNECTION = 16;
    private static final String NOT_HELD = "no pieces of this upload are held; send it again";
    private static final String DISAGREES = "the upload has another size or mtime";
    /**
     * Committed uploads remembered, at most: a stale connection's late ranges of one, or its commit sent again,
     * are answered as done rather than starting pieces afresh. A forgotten one costs only that: the late ranges
     * start pieces that are kept for the retention, and a commit sent again is answered as not held.
     */
    static final int REMEMBERED_COMMITS = 1024;

    private final KeptUploads kept;
    private final Map<Key, UploadPiece> open = new HashMap<>();
    /** The uploads committed last, most recent last (access order); at most {@link #REMEMBERED_COMMITS}. */
    private final Map<Key, Committed> committed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Committed> eldest) {
            return size() > REMEMBERED_COMMITS;
        }
    };

    /** A striped upload: where it goes, and the client's id for this sending of it. */
    private record Key(Path target, long uploadId) {
    }

    /** What a committed upload was: a question about it must agree. */
    private record Committed(long size, long mtimeNanos) {
    }

    /** Opens a piece's files: resuming, creating, or refusing. */
    private interface Opener {
        void open(UploadPiece piece) throws IOException;
    }

    /** Pieces are deleted as soon as no connection holds them (the behaviour before resumable uploads). */
    public StripedUploads() {
        this(Duration.ZERO, List.of());
    }

    /**
     * @param retention how long pieces no connection holds are kept for their upload to resume (ZERO: not at all)
     * @param leftovers data files of resumable uploads an earlier process left (see StaleTemporaries)
     */
    public StripedUploads(Duration retention, Collection<Path> leftovers) {
        this.kept = new KeptUploads(Objects.requireNonNull(retention, "retention"), leftovers);
    }

    /**
     * Receives one range (its header read, its body next on the wire) for {@code holder} (the handler).
     * The body is always consumed, so the connection stays in step whatever the outcome.
     */
    public FileFrames.Outcome receive(FrameReader reader, FileFrames.PutRangeHeader h, Object holder,
            TargetFolders uploads) throws IOException {
        UploadPiece piece;
        try {
            piece = joinForWriting(h, holder, uploads);
        } catch (AlreadyCommitted e) {
            FileReceiver.discard(reader, h.length());
            return e.agrees(h.fileSize(), h.mtimeNanos()) ? outcome(h.tag(), null, "")
                    : outcome(h.tag(), ErrorCode.BAD_ARGUMENTS, h.dest() + ": " + DISAGREES);
        } catch (ForbiddenPathException e) {
            FileReceiver.discard(reader, h.length());
            return outcome(h.tag(), ErrorCode.FORBIDDEN, e.getMessage());
        } catch (RefusedUpload e) {
            FileReceiver.discard(reader, h.length());
            return outcome(h.tag(), e.code, h.dest() + ": " + e.getMessage());
        } catch (NoRoomException e) {
            FileReceiver.discard(reader, h.length());
            return outcome(h.tag(), ErrorCode.LIMIT_EXCEEDED, e.getMessage());
        } catch (IOException e) {
            FileReceiver.discard(reader, h.length());
            return outcome(h.tag(), ErrorCode.TRANSFER_FAILED, "cannot store " + h.dest() + ": "
                    + FileReceiver.reason(e));
        }
        String problem;
        try {
            UploadPiece.RangeWrite write;
            try {
                write = piece.begin(h.offset(), h.length());
            } catch (UploadPiece.PartlyHeld e) {
                FileReceiver.discard(reader, h.length());
                return outcome(h.tag(), ErrorCode.BAD_ARGUMENTS, h.dest() + ": " + e.getMessage());
            } catch (UploadPiece.TooManySpans e) {
                FileReceiver.discard(reader, h.length());
                return outcome(h.tag(), ErrorCode.LIMIT_EXCEEDED, h.dest() + ": " + e.getMessage());
            }
            if (write == null) {
                FileReceiver.discard(reader, h.length()); // those bytes are verified already
                return outcome(h.tag(), null, "");
            }
            try {
                CRC32C crc = new CRC32C();
                problem = FileReceiver.receiveInto(reader, write, h.tag(), h.offset(), h.length(), crc, n -> { });
                if (problem == null) {
                    problem = record(piece, write, (int) crc.getValue());
                }
            } finally {
                piece.end(write);
            }
        } finally {
            leave(piece);
        }
        if (problem != null) {
            return outcome(h.tag(), ErrorCode.CHECKSUM_MISMATCH, h.dest() + ": " + problem);
        }
        return outcome(h.tag(), null, "");
    }

    /**
     * Renames the file once all its bytes arrived verified; otherwise says what is wrong. Writes of its ranges
     * still in progress on other connections do not hold it up: once verified ranges cover the file they are
     * stale sendings of verified bytes, and are stopped before the rename ({@link UploadPiece#seal()}). The
     * upload is remembered as committed for a while, so that such a connection's late ranges, or the same commit
     * again (its acknowledgement lost with a connection), find it done instead of starting it afresh.
     */
    public FileFrames.Outcome commit(FileFrames.PutCommit c, Object holder, TargetFolders uploads)
            throws IOException {
        UploadPiece piece;
        try {
            piece = joinExisting(c.dirname(), c.dest(), c.uploadId(), holder, uploads);
        } catch (AlreadyCommitted e) {
            return outcome(c.tag(), null, "");
        } catch (ForbiddenPathException e) {
            return outcome(c.tag(), ErrorCode.FORBIDDEN, e.getMessage());
        } catch (RefusedUpload e) {
            return outcome(c.tag(), ErrorCode.TRANSFER_FAILED, c.dest() + ": " + e.getMessage());
        }
        Key key = new Key(piece.target, piece.uploadId);
        synchronized (this) {
            piece.writing--;
            if (!piece.seal()) {
                return outcome(c.tag(), ErrorCode.TRANSFER_FAILED, c.dest() + ": not every range has arrived");
            }
            open.remove(key);
            committed.put(key, new Committed(piece.size(), piece.mtimeNanos()));
        }
        try {
            piece.place(dev.swarmnet.internal.files.FileModes.forUpload(c.mode()));
            return outcome(c.tag(), null, "");
        } catch (IOException e) {
            synchronized (this) {
                committed.remove(key);
            }
            piece.discard();
            return outcome(c.tag(), ErrorCode.TRANSFER_FAILED, "cannot store " + c.dest() + ": "
                    + FileReceiver.reason(e));
        }
    }

    /**
     * Which verified ranges of an upload are held (at most {@code maxSpans} spans): only for the client that
     * names its upload id; any other question is answered NOT_FOUND, whether or not anything is there.
     */
    public FileFrames.Have query(FileFrames.PutQuery q, Object holder, TargetFolders uploads, int maxSpans)
            throws IOException {
        UploadPiece piece;
        try {
            piece = joinExisting(q.dirname(), q.dest(), q.uploadId(), holder, uploads);
        } catch (AlreadyCommitted e) {
            if (!e.agrees(q.fileSize(), q.mtimeNanos())) {
                return have(q.tag(), ErrorCode.BAD_ARGUMENTS, q.dest() + ": " + DISAGREES);
            }
            if (!e.stillInPlace()) {
                // The file it made has gone or changed since: a client sending the same file again (an upload id
                // that holds across runs) starts afresh rather than hear that the gateway has it.
                forget(e.key);
                return have(q.tag(), ErrorCode.NOT_FOUND, q.dest() + ": " + NOT_HELD);
            }
            List<FileFrames.Span> all = q.fileSize() == 0 ? List.of() : List.of(new FileFrames.Span(0, q.fileSize()));
            return new FileFrames.Have(q.tag(), 0, all, "");
        } catch (ForbiddenPathException e) {
            return have(q.tag(), ErrorCode.FORBIDDEN, e.getMessage());
        } catch (RefusedUpload e) {
            return have(q.tag(), e.code, q.dest() + ": " + e.getMessage());
        }
        leave(piece);
        if (piece.size() != q.fileSize() || piece.mtimeNanos() != q.mtimeNanos()) {
            return have(q.tag(), ErrorCode.BAD_ARGUMENTS, q.dest() + ": " + DISAGREES);
        }
        return new FileFrames.Have(q.tag(), 0, piece.heldSpans(maxSpans), "");
    }

    /**
     * {@code holder}'s connection ended: files no connection holds any more are kept for later, or deleted —
     * under the lock, so that a connection of the same upload arriving meanwhile never opens files that are
     * being closed or deleted (closing two files, or deleting them, is quick).
     */
    public synchronized void release(Object holder) {
        List<UploadPiece> left = new ArrayList<>();
        open.values().removeIf(p -> {
            if (p.holders.remove(holder) && p.holders.isEmpty() && p.writing == 0) {
                left.add(p);
                return true;
            }
            return false;
        });
        for (UploadPiece p : left) {
            if (kept.enabled() && p.isLoaded()) {
                p.closeKeeping();
                kept.keep(p.data, p.size()).forEach(StripedUploads::deleteQuietly);
            } else {
                p.discard();
            }
        }
    }

    /** Gives up kept pieces to stay within the bounds of {@link KeptUploads}. */
    private static void deleteQuietly(Path data) {
        try {
            ResumablePieces.deletePair(data);
        } catch (IOException e) {
            // hidden, recognisable names: the next start-up sweep removes them
        }
    }

    /** Deletes kept pieces whose last progress is older than the retention; returns how many uploads went. */
    public int sweepExpired() {
        int removed = 0;
        for (Path data : kept.expired()) {
            synchronized (this) {
                if (isOpen(data)) {
                    continue; // a connection resumed it a moment ago: it is no longer kept
                }
                try {
                    ResumablePieces.deletePair(data);
                    kept.forget(data);
                    removed++;
                } catch (IOException e) {
                    // left for the next sweep (or the next start-up)
                }
            }
        }
        return removed;
    }

    /** How often the gateway should call {@link #sweepExpired()}: a few times per retention, within bounds. */
    public Duration sweepPeriod() {
        long millis = kept.retention().toMillis() / 4;
        return Duration.ofMillis(Math.max(1_000, Math.min(60_000, millis)));
    }

    public boolean keepsPieces() {
        return kept.enabled();
    }

    synchronized int openCount() {
        return open.size();
    }

    int keptCount() {
        return kept.count();
    }

    private UploadPiece joinForWriting(FileFrames.PutRangeHeader h, Object holder, TargetFolders uploads)
            throws IOException {
        if (h.offset() > h.fileSize() || h.length() > h.fileSize() - h.offset()) {
            throw new RefusedUpload(ErrorCode.BAD_ARGUMENTS, "range " + h.offset() + "+" + h.length()
                    + " lies outside a file of " + h.fileSize() + " bytes");
        }
        UploadPiece piece;
        try (TargetFolders.Target target = uploads.target(h.dirname(), h.dest(), ResumablePieces.EXTRA_BYTES)) {
            UploadTarget.checkFree(target);
            piece = join(new Key(target.path(), h.uploadId()), holder, target, p -> {
                if (!p.resume()) {
                    uploads.checkRoom(target.shown(), h.fileSize()); // a new upload only: resumed ones fit before
                    p.create(h.fileSize(), h.mtimeNanos());
                }
            });
        }
        if (piece.size() != h.fileSize() || piece.mtimeNanos() != h.mtimeNanos()) {
            leave(piece);
            throw new RefusedUpload(ErrorCode.BAD_ARGUMENTS, "ranges of one upload disagree on its size or mtime");
        }
        return piece;
    }

    /** An upload that must exist already (in memory, or on disk from an earlier connection or process). */
    private UploadPiece joinExisting(String dirname, String dest, long uploadId, Object holder,
            TargetFolders uploads) throws IOException {
        TargetFolders.Target target = uploads.existing(dirname, dest, ResumablePieces.EXTRA_BYTES);
        if (target == null) {
            throw new RefusedUpload(ErrorCode.NOT_FOUND, NOT_HELD);
        }
        try (target) {
            return join(new Key(target.path(), uploadId), holder, target, p -> {
                if (!p.resume()) {
                    throw new RefusedUpload(ErrorCode.NOT_FOUND, NOT_HELD);
                }
            });
        } catch (RefusedUpload | AlreadyCommitted e) {
            throw e;
        } catch (IOException e) {
            throw new RefusedUpload(ErrorCode.TRANSFER_FAILED, "cannot read its pieces: " + FileReceiver.reason(e));
        }
    }

    /**
     * The piece for {@code key}, with {@code holder} among its connections and one more writer (release it with
     * {@link #leave}). The first connection to ask opens its files, outside the lock (resuming re-reads the
     * verified ranges, which takes a while for a large file); the others wait for it.
     */
    private UploadPiece join(Key key, Object holder, TargetFolders.Target target, Opener opener) throws IOException {
        UploadPiece piece;
        boolean first = false;
        synchronized (this) {
            Committed done = committed.get(key);
            if (done != null) {
                throw new AlreadyCommitted(key, done);
            }
            piece = open.get(key);
            if ((piece == null || !piece.holders.contains(holder)) && heldBy(holder) >= MAX_OPEN_PER_CONNECTION) {
                throw new RefusedUpload(ErrorCode.LIMIT_EXCEEDED, "this connection holds " + MAX_OPEN_PER_CONNECTION
                        + " striped files already, the most one connection may; commit one or send this one later");
            }
            if (piece == null) {
                if (open.size() >= MAX_OPEN) {
                    throw new RefusedUpload(ErrorCode.LIMIT_EXCEEDED, "the gateway is receiving " + MAX_OPEN
                            + " striped files already; send this one later");
                }
                piece = new UploadPiece(key.target(), key.uploadId());
                open.put(key, piece);
                kept.forget(piece.data);
                first = true;
            }
            piece.holders.add(holder);
            piece.writing++;
        }
        try {
            if (first) {
                piece.useFolder(target.folder().duplicate()); // the piece's own: it outlives this connection
                opener.open(piece);
                piece.loaded(null);
            } else {
                piece.awaitLoaded();
            }
            return piece;
        } catch (IOException | RuntimeException e) {
            if (first) {
                piece.loaded(e instanceof IOException io ? io : new IOException(e));
            }
            synchronized (this) {
                piece.writing--;
                piece.holders.remove(holder);
                open.remove(key, piece);
            }
            if (first) {
                piece.closeKeeping(); // its files, if any, are deleted or left as they were; its folder closes
            }
            throw e;
        }
    }

    /** How many striped files {@code holder} holds (under the lock). */
    private int heldBy(Object holder) {
        int held = 0;
        for (UploadPiece p : open.values()) {
            held += p.holders.contains(holder) ? 1 : 0;
        }
        return held;
    }

    private synchronized void leave(UploadPiece piece) {
        piece.writing--;
    }

    /** Logs a verified range; a failure to log is answered like a failure to write (the client sends it again). */
    private static String record(UploadPiece piece, UploadPiece.RangeWrite write, int crc) {
        try {
            piece.finish(write, crc);
            return null;
        } catch (IOException e) {
            return "cannot record the range: " + e.getMessage();
        }
    }

    private boolean isOpen(Path data) {
        for (UploadPiece p : open.values()) {
            if (p.data.equals(data)) {
                return true;
            }
        }
        return false;
    }

    private static FileFrames.Outcome outcome(int tag, ErrorCode code, String message) {
        return new FileFrames.Outcome(tag, code == null ? 0 : code.wireCode(), message);
    }

    private static FileFrames.Have have(int tag, ErrorCode code, String message) {
        return new FileFrames.Have(tag, code.wireCode(), List.of(), message);
    }

    private synchronized void forget(Key key) {
        committed.remove(key);
    }

    /** The upload was committed a moment ago (by its client, on any connection): nothing is left to do. */
    private static final class AlreadyCommitted extends IOException {
        private final Key key;
        private final Committed upload;

        AlreadyCommitted(Key key, Committed upload) {
            super("the upload is committed already");
            this.key = key;
            this.upload = upload;
        }

        boolean agrees(long size, long mtimeNanos) {
            return upload.size() == size && upload.mtimeNanos() == mtimeNanos;
        }

        /** Whether the file the commit made is still there as it was made (a look, never a follow). */
        boolean stillInPlace() {
            try {
                BasicFileAttributes a = Files.readAttributes(key.target(), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                return a.isRegularFile() && a.size() == upload.size()
                        && a.lastModifiedTime().toMillis() == Math.floorDiv(upload.mtimeNanos(), 1_000_000L);
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** An upload request that cannot be served, with the code to answer. */
    private static final class RefusedUpload extends IOException {
        final ErrorCode code;

        RefusedUpload(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }
    }
}
