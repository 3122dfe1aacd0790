package dev.swarmnet.internal.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.ShareReader;
import dev.swarmnet.internal.files.SharedFile;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.IOException;
import dev.swarmnet.internal.wire.FrameEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32C;

/**
 * Sends file bodies: a header frame, the raw bytes, a FILE_DONE trailer with the CRC32C of exactly
 * the bytes sent. Small bodies are read straight into the send buffer (many files per system call);
 * large ones go by sendfile after a checksum pass over the page cache, or with the checksum kept from an
 * earlier sending of the same version of the file ({@link ChecksumCache}). The file's size and mtime are
 * compared before and after, so a file modified while it was sent is flagged, never passed off as
 * one version.
 */
public final class FileSender {
    /** Bodies up to this size are coalesced into the send buffer; larger ones use sendfile. */
    static final long SMALL_BODY = 256 * 1024;
    private static final int CRC_BLOCK = 1024 * 1024;
    /**
     * Checksum and send in blocks of this size. While a block is checksummed nothing is sent, so the client
     * lives on what the socket buffers hold: a block must be checksummed faster than they drain. Measured on
     * one 512 MiB download (two cores, medians of three alternating processes): 8 MiB blocks 596-652 MB/s,
     * 2 MiB 646-746, 1 MiB 673-747.
     */
    private static final long SENDFILE_BLOCK = 2L * 1024 * 1024;

    private final ConnectionWriter writer;
    private final ChecksumCache checksums;
    private ByteBuffer checksumBuffer;

    /** @param checksums the checksums of large ranges sent before, reused while their file keeps its version */
    public FileSender(ConnectionWriter writer, ChecksumCache checksums) {
        this.writer = writer;
        this.checksums = checksums;
    }

    /**
     * Answers one FILE_GET item with a file of a share. The file was found by the caller, who read its
     * attributes then (perhaps while listing it): they are the "before" of the changed-while-sent check. It is
     * opened relative to its folder without following a link, so a file swapped for one since is refused, not
     * read through it. With {@code reread} (FILE_REGET: a retry after a mismatch) a large body is checksummed
     * afresh.
     */
    public void send(int tag, SharedFile file, ShareReader shares, long offset, long length, boolean reread)
            throws IOException {
        BasicFileAttributes before = file.attrs();
        FileChannel channel;
        try {
            channel = shares.open(file);
        } catch (NoSuchFileException e) {
            fail(tag, ErrorCode.NOT_FOUND, "no such file: " + file.name());
            return;
        } catch (IOException e) {
            // Unreadable, or a link now (a plain IOException from the JDK): only the file's own name is told.
            fail(tag, ErrorCode.TRANSFER_FAILED, "cannot read " + file.name() + ": " + FileReceiver.reason(e));
            return;
        }
        try (channel) {
            if (offset + length > before.size()) {
                fail(tag, ErrorCode.CHECKSUM_MISMATCH, "file changed: it is now " + before.size() + " bytes");
                return;
            }
            Sent sent = body(channel, offset, length, () -> checksums.lookUp(file.path(), before.fileKey(), offset,
                    length, reread), sink -> FileFrames.data(sink, new FileFrames.DataHeader(tag, offset, length,
                            before.size(), FileModes.nanos(before.lastModifiedTime()))));
            trailer(tag, sent, sent.complete() && unchanged(before, () -> shares.stat(file)));
        }
    }

    /**
     * Sends one whole file as a FILE_PUT (upload), with its permission bits unless {@code withMode} is false
     * (then the gateway's default applies).
     */
    public void sendUpload(int tag, String dirname, String dest, Path file, boolean withMode) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BasicFileAttributes before = FileModes.readLocal(file);
            int mode = withMode ? FileModes.of(before) : FileModes.NONE;
            Sent sent = body(channel, 0, before.size(), null, sink -> FileFrames.put(sink, new FileFrames.PutHeader(
                    tag, dirname, dest, before.size(), FileModes.nanos(before.lastModifiedTime()), mode)));
            trailer(tag, sent, sent.complete() && unchanged(before, () -> attributes(file)));
        }
    }

    /**
     * Sends one stripe of a file uploaded over several connections (FILE_PUT_RANGE), unless the file no
     * longer has the size and mtime it was planned with: then nothing is sent and false is returned.
     */
    public boolean sendUploadRange(FileFrames.PutRangeHeader header, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
            if (before.size() != header.fileSize() || FileModes.nanos(before.lastModifiedTime()) != header.mtimeNanos()) {
                return false;
            }
            Sent sent = body(channel, header.offset(), header.length(), null, sink -> FileFrames.putRange(sink, header));
            trailer(header.tag(), sent, sent.complete() && unchanged(before, () -> attributes(file)));
            return true;
        }
    }

    /** Answers an item that cannot be sent. */
    public void fail(int tag, ErrorCode code, String message) throws IOException {
        writer.append(sink -> FileFrames.outcome(sink, Protocol.FILE_FAILED, new FileFrames.Outcome(tag,
                code.wireCode(), message)));
    }

    /** How a large range's kept checksum is looked up (null: keep none, as for a client's uploads). */
    @FunctionalInterface
    private interface Lookup {
        ChecksumCache.Lookup get();
    }

    /**
     * Header and body. A large body's checksum is computed first (positional reads, never a memory map: a file
     * truncated under a map would crash the JVM), then the bytes go by sendfile; or it was kept from an earlier
     * sending of that version of the file, and only sendfile runs. A file that shrinks meanwhile is padded to the
     * promised length and reported as not complete.
     */
    private Sent body(FileChannel channel, long offset, long length, Lookup lookup, FrameEncoder header)
            throws IOException {
        writer.append(header);
        if (length <= SMALL_BODY || !writer.usesSendfile()) { // no sendfile (TLS): checksum as it is copied
            return copied(channel, offset, length);
        }
        return checksummedTransfer(channel, offset, length, lookup == null ? null : lookup.get());
    }

    /** The trailer: the bytes' checksum, and whether they are the file as it was (sent whole and unchanged). */
    private void trailer(int tag, Sent sent, boolean intact) throws IOException {
        int status = intact ? Protocol.FILE_INTACT : Protocol.FILE_CHANGED;
        writer.append(sink -> FileFrames.done(sink, new FileFrames.Trailer(tag, sent.checksum(), status)));
    }

    /** What went out: the CRC32C of the bytes sent, and whether they are the file's (not padding). */
    private record Sent(int checksum, boolean complete) {
    }

    private Sent copied(FileChannel channel, long offset, long length) throws IOException {
        CRC32C crc = new CRC32C();
        boolean complete = writer.appendFile(channel, offset, length, crc);
        return new Sent((int) crc.getValue(), complete);
    }

    private Sent checksummedTransfer(FileChannel channel, long offset, long length, ChecksumCache.Lookup lookup)
            throws IOException {
        if (lookup != null && lookup.known() != null) {
            boolean complete = writer.transferFile(channel, offset, length);
            return new Sent(lookup.known(), complete && checksums.unchangedSince(lookup));
        }
        CRC32C crc = new CRC32C();
        boolean complete = checksumAndTransfer(channel, offset, length, crc);
        int checksum = (int) crc.getValue();
        if (complete && lookup != null) {
            checksums.remember(lookup, checksum);
        }
        return new Sent(checksum, complete);
    }

    /**
     * Block by block, the checksum of the block (from the page cache) and then the block by sendfile,
     * so the first bytes leave at once instead of after a pass over the whole range. A block that
     * reads short (the file shrank) ends it: zeros make up the promised length.
     */
    private boolean checksumAndTransfer(FileChannel channel, long offset, long length, CRC32C crc) throws IOException {
        for (long done = 0; done < length; done += SENDFILE_BLOCK) {
            long block = Math.min(SENDFILE_BLOCK, length - done);
            if (!checksum(channel, offset + done, block, crc)) {
                writer.transferFile(channel, offset + done, length - done); // what is left, zero-padded
                return false;
            }
            if (!writer.transferFile(channel, offset + done, block)) {
                writer.transferFile(channel, offset + length, length - done - block); // past the end: zeros
                return false;
            }
        }
        return true;
    }

    /** The checksum of a range sendfile will send, read through one reused direct buffer. */
    private boolean checksum(FileChannel channel, long offset, long length, CRC32C crc) throws IOException {
        ByteBuffer block = checksumBuffer();
        for (long done = 0; done < length; ) {
            block.clear().limit((int) Math.min(block.capacity(), length - done));
            int n = ConnectionWriter.readFile(channel, block, offset + done);
            if (n <= 0) {
                return false;
            }
            block.flip();
            crc.update(block);
            done += n;
        }
        return true;
    }

    private ByteBuffer checksumBuffer() {
        if (checksumBuffer == null) {
            checksumBuffer = ByteBuffer.allocateDirect(CRC_BLOCK);
        }
        return checksumBuffer;
    }

    /** The file's attributes now, however they are read. */
    @FunctionalInterface
    private interface Attributes {
        BasicFileAttributes read() throws IOException;
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    /** Whether the file still has the size and mtime it had when the sending began (a link now: no). */
    private static boolean unchanged(BasicFileAttributes before, Attributes now) {
        try {
            BasicFileAttributes after = now.read();
            return !after.isSymbolicLink() && after.size() == before.size()
                    && after.lastModifiedTime().equals(before.lastModifiedTime());
        } catch (IOException e) {
            return false;
        }
    }
}
