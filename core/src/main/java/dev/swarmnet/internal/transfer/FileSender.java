package dev.swarmnet.internal.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import dev.swarmnet.internal.wire.FrameEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
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
     * Answers one FILE_GET item. The file was resolved inside the shares by the caller, who read its
     * attributes then (perhaps while listing it): they are the "before" of the changed-while-sent check. It
     * is opened without following a link, so a file swapped for one since is refused, not read through it.
     * With {@code reread} (FILE_REGET: a retry after a mismatch) a large body is checksummed afresh.
     */
    public void send(int tag, Path file, BasicFileAttributes before, long offset, long length, boolean reread)
            throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            fail(tag, ErrorCode.NOT_FOUND, "no such file: " + file.getFileName());
            return;
        } catch (IOException e) {
            // Unreadable, or a link now (a plain IOException from the JDK): only the file's own name is told.
            fail(tag, ErrorCode.TRANSFER_FAILED, "cannot read " + file.getFileName() + ": " + reason(e));
            return;
        }
        try (channel) {
            if (offset + length > before.size()) {
                fail(tag, ErrorCode.CHECKSUM_MISMATCH, "file changed: it is now " + before.size() + " bytes");
                return;
            }
            body(tag, file, channel, offset, length, before, reread, sink -> FileFrames.data(sink,
                    new FileFrames.DataHeader(tag, offset, length, before.size(), before.lastModifiedTime().toMillis())));
        }
    }

    /** Why a file could not be opened, without the gateway's path that a FileSystemException's message has. */
    private static String reason(IOException e) {
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return Objects.requireNonNullElse(reason, e.getClass().getSimpleName());
    }

    /** Sends one whole file as a FILE_PUT (upload). */
    public void sendUpload(int tag, String dirname, String dest, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
            body(tag, file, channel, 0, before.size(), before, false, sink -> FileFrames.put(sink,
                    new FileFrames.PutHeader(tag, dirname, dest, before.size(), before.lastModifiedTime().toMillis())));
        }
    }

    /**
     * Sends one stripe of a file uploaded over several connections (FILE_PUT_RANGE), unless the file no
     * longer has the size and mtime it was planned with: then nothing is sent and false is returned.
     */
    public boolean sendUploadRange(FileFrames.PutRangeHeader header, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
            if (before.size() != header.fileSize() || before.lastModifiedTime().toMillis() != header.mtimeMillis()) {
                return false;
            }
            body(header.tag(), file, channel, header.offset(), header.length(), before, false,
                    sink -> FileFrames.putRange(sink, header));
            return true;
        }
    }

    /** Answers an item that cannot be sent. */
    public void fail(int tag, ErrorCode code, String message) throws IOException {
        writer.append(sink -> FileFrames.outcome(sink, Protocol.FILE_FAILED, new FileFrames.Outcome(tag,
                code.wireCode(), message)));
    }

    /**
     * Header, body, trailer. A large body's checksum is computed first (positional reads, never a
     * memory map: a file truncated under a map would crash the JVM), then the bytes go by sendfile; or
     * it was kept from an earlier sending of that version of the file, and only sendfile runs. A file
     * that shrinks meanwhile is padded to the promised length and flagged as changed.
     */
    private void body(int tag, Path file, FileChannel channel, long offset, long length, BasicFileAttributes before,
            boolean reread, FrameEncoder header) throws IOException {
        writer.append(header);
        Sent sent = length <= SMALL_BODY || !writer.usesSendfile() // no sendfile (TLS): checksum as it is copied
                ? copied(channel, offset, length)
                : checksummedTransfer(file, channel, offset, length, reread);
        int status = sent.complete() && unchanged(file, before) ? Protocol.FILE_INTACT : Protocol.FILE_CHANGED;
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

    private Sent checksummedTransfer(Path file, FileChannel channel, long offset, long length, boolean reread)
            throws IOException {
        ChecksumCache.Lookup lookup = checksums.lookUp(file, offset, length, reread);
        if (lookup.known() != null) {
            boolean complete = writer.transferFile(channel, offset, length);
            return new Sent(lookup.known(), complete && checksums.unchangedSince(lookup, file));
        }
        CRC32C crc = new CRC32C();
        boolean complete = checksumAndTransfer(channel, offset, length, crc);
        int checksum = (int) crc.getValue();
        if (complete) {
            checksums.remember(lookup, file, checksum);
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

    private static boolean unchanged(Path file, BasicFileAttributes before) {
        try {
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
            return after.size() == before.size() && after.lastModifiedTime().equals(before.lastModifiedTime());
        } catch (IOException e) {
            return false;
        }
    }
}
