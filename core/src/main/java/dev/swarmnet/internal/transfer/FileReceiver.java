package dev.swarmnet.internal.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.Folder;
import dev.swarmnet.internal.files.ForbiddenPathException;
import dev.swarmnet.internal.files.NoRoomException;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.files.UploadTarget;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Receives file bodies into a temporary file beside the target, verifies the CRC32C and the
 * sender's "unchanged" flag, and only then renames it to the real name: a cut, a mismatch or a crash
 * leaves no partial file under the real name.
 */
public final class FileReceiver {
    private FileReceiver() {
    }

    /** The gateway's side of a FILE_PUT whose header has been read, into the connection's upload tree. */
    public static FileFrames.Outcome receiveUpload(FrameReader reader, TargetFolders uploads, FileFrames.PutHeader h)
            throws IOException {
        Destination d = destination(uploads, h);
        if (d.refusal() != null) {
            discard(reader, h.size());
            return d.refusal();
        }
        try (TargetFolders.Target target = d.target()) {
            return receiveInto(reader, target, h);
        }
    }

    /**
     * The gateway's side of a FILE_PUT whose body was read and verified already (a small file, held in memory):
     * the same checks and the same answers as {@link #receiveUpload}, then the file stored. For the writer
     * threads ({@code UploadStores}): never throws.
     */
    public static FileFrames.Outcome storeUpload(TargetFolders uploads, FileFrames.PutHeader h, byte[] body, int length) {
        try {
            Destination d = destination(uploads, h);
            if (d.refusal() != null) {
                return d.refusal();
            }
            try (TargetFolders.Target target = d.target()) {
                store(target, body, length, h.mtimeNanos(), FileModes.forUpload(h.mode()));
            }
            return outcome(h, null, "");
        } catch (IOException e) {
            return outcome(h, ErrorCode.TRANSFER_FAILED, "cannot store " + h.dest() + ": " + reason(e));
        }
    }

    /** Where an upload goes (its folder held open), or why it is refused; exactly one of the two. */
    private record Destination(TargetFolders.Target target, FileFrames.Outcome refusal) {
        static Destination refused(FileFrames.Outcome refusal) {
            return new Destination(null, refusal);
        }
    }

    private static Destination destination(TargetFolders uploads, FileFrames.PutHeader h) throws IOException {
        TargetFolders.Target target;
        try {
            target = uploads.target(h.dirname(), h.dest());
        } catch (ForbiddenPathException e) {
            return Destination.refused(outcome(h, ErrorCode.FORBIDDEN, e.getMessage()));
        } catch (FileAlreadyExistsException e) { // a file stands where a folder is needed
            return Destination.refused(outcome(h, ErrorCode.TRANSFER_FAILED, "cannot store " + h.dest() + ": "
                    + e.getMessage()));
        } catch (IOException e) { // a folder that cannot be made (the path too long for this host, no room)
            return Destination.refused(outcome(h, ErrorCode.TRANSFER_FAILED, "cannot store " + h.dest() + ": "
                    + reason(e)));
        }
        try {
            UploadTarget.checkFree(target);
            uploads.checkRoom(target.shown(), h.size());
            return new Destination(target, null);
        } catch (NoRoomException e) {
            target.close();
            return Destination.refused(outcome(h, ErrorCode.LIMIT_EXCEEDED, e.getMessage()));
        } catch (ForbiddenPathException e) {
            target.close();
            return Destination.refused(outcome(h, ErrorCode.FORBIDDEN, e.getMessage()));
        } catch (FileAlreadyExistsException e) { // a folder has the name
            target.close();
            return Destination.refused(outcome(h, ErrorCode.TRANSFER_FAILED, "cannot store " + h.dest() + ": "
                    + e.getMessage()));
        } catch (IOException | RuntimeException e) {
            target.close();
            throw e;
        }
    }

    private static FileFrames.Outcome receiveInto(FrameReader reader, TargetFolders.Target target,
            FileFrames.PutHeader h) throws IOException {
        Folder folder = target.folder();
        String temp = UploadTarget.temporaryName(target.name());
        FileChannel out;
        try {
            out = folder.createFile(temp, FileModes.creationMode(FileModes.forUpload(h.mode())));
        } catch (IOException e) {
            discard(reader, h.size());
            return outcome(h, ErrorCode.TRANSFER_FAILED, "cannot store " + h.dest() + ": " + reason(e));
        }
        boolean placed = false;
        try {
            String problem;
            try (out) {
                problem = receiveInto(reader, out, h.tag(), 0, h.size(), n -> { });
            }
            if (problem != null) {
                return outcome(h, ErrorCode.CHECKSUM_MISMATCH, h.dest() + ": " + problem);
            }
            place(folder, temp, target.name(), h.mtimeNanos(), FileModes.forUpload(h.mode()));
            placed = true;
            return outcome(h, null, "");
        } finally {
            if (!placed) {
                folder.deleteIfExists(temp);
            }
        }
    }

    /** Why a file could not be written, without the path of this host that a FileSystemException's message has. */
    public static String reason(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException f ? f.getReason() : e.getMessage();
        return java.util.Objects.requireNonNullElse(reason, e.getClass().getSimpleName());
    }

    private static FileFrames.Outcome outcome(FileFrames.PutHeader h, ErrorCode code, String message) {
        return new FileFrames.Outcome(h.tag(), code == null ? 0 : code.wireCode(), message);
    }

    /**
     * Copies one body of {@code length} bytes into {@code out} at {@code offset} and reads its trailer.
     * Connection failures are thrown; a failure to write the file is returned as a reason, like a
     * checksum mismatch.
     *
     * @return null when the bytes are verified and written; otherwise why they must be discarded
     */
    public static String receiveInto(FrameReader reader, FileChannel out, int tag, long offset, long length,
            LongConsumer progress) throws IOException {
        CRC32C crc = new CRC32C();
        IOException writeFailure = reader.copyRaw(length, out, offset, crc, progress);
        return trailerVerdict(reader, tag, writeFailure, crc);
    }

    /** One body into {@code out} (which may refuse a block: then the rest is dropped), the checksum left in {@code crc}. */
    public static String receiveInto(FrameReader reader, FrameReader.RawTarget out, int tag, long offset, long length,
            CRC32C crc, LongConsumer progress) throws IOException {
        IOException writeFailure = reader.copyRawInto(length, out, offset, crc, progress);
        return trailerVerdict(reader, tag, writeFailure, crc);
    }

    private static String trailerVerdict(FrameReader reader, int tag, IOException writeFailure, CRC32C crc)
            throws IOException {
        FileFrames.Trailer trailer = readTrailer(reader, tag);
        if (writeFailure != null) {
            return "cannot write the file: " + reason(writeFailure); // the system's reason: never the temporary's path
        }
        return verify(trailer, crc);
    }

    /** Reads the FILE_DONE that must follow a body. */
    public static FileFrames.Trailer readTrailer(FrameReader reader, int tag) throws IOException {
        if (reader.next() != Protocol.FILE_DONE) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "a file body must be followed by FILE_DONE");
        }
        FileFrames.Trailer trailer = FileFrames.readDone(reader);
        if (trailer.tag() != tag) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_DONE for tag " + trailer.tag()
                    + " after the body of tag " + tag);
        }
        return trailer;
    }

    /** Null when the trailer vouches for the bytes received; otherwise why not. */
    public static String verify(FileFrames.Trailer trailer, CRC32C received) {
        if (trailer.status() != Protocol.FILE_INTACT) {
            return "the file changed while it was being sent";
        }
        if (trailer.crc() != (int) received.getValue()) {
            return "checksum mismatch (CRC32C)";
        }
        return null;
    }

    /**
     * Stores a verified body held in memory (the first {@code length} bytes of {@code body}): a temporary file
     * beside the target, its mtime, then the rename.
     * On failure the temporary file is removed and nothing appears under the real name.
     */
    public static void store(TargetFolders.Target target, byte[] body, int length, long mtimeNanos, int mode)
            throws IOException {
        Folder folder = target.folder();
        String temp = UploadTarget.temporaryName(target.name());
        boolean placed = false;
        try {
            try (FileChannel out = folder.createFile(temp, FileModes.creationMode(mode))) {
                ByteBuffer bytes = ByteBuffer.wrap(body, 0, length);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            place(folder, temp, target.name(), mtimeNanos, mode);
            placed = true;
        } finally {
            if (!placed) {
                folder.deleteIfExists(temp);
            }
        }
    }

    /**
     * Gives the verified temporary file {@code temp} the sender's mtime, its permission bits ({@link FileModes#NONE}:
     * the receiver's default stays) and its real name, atomically: the file appears with its metadata.
     */
    public static void place(Folder folder, String temp, String name, long mtimeNanos, int mode) throws IOException {
        place(folder, temp, name, mtimeNanos, mode, true);
    }

    /**
     * As {@link #place(Folder, String, String, long, int)}; {@code createdWithMode} false for a temporary file not
     * created with {@link FileModes#creationMode} (a striped upload's pieces), which always gets its bits set.
     */
    public static void place(Folder folder, String temp, String name, long mtimeNanos, int mode,
            boolean createdWithMode) throws IOException {
        folder.setModifiedTime(temp, FileModes.time(mtimeNanos));
        boolean chmod = createdWithMode ? FileModes.needsChmod(mode) : mode != FileModes.NONE;
        if (chmod) { // a file created with its mode (FileModes.creationMode) mostly has nothing to do
            folder.setPermissions(temp, mode); // after the time: setting it opens the file for reading
        }
        try {
            folder.rename(temp, name);
        } catch (IOException e) {
            throw UploadTarget.renameFailure(folder, name, e);
        }
    }

    /** Reads and drops a body and its trailer, keeping the connection in step. */
    public static void discard(FrameReader reader, long length) throws IOException {
        reader.copyRaw(length, null, 0, new CRC32C(), n -> { });
        if (reader.next() != Protocol.FILE_DONE) {
            throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "a file body must be followed by FILE_DONE");
        }
        reader.skipRest();
    }
}
