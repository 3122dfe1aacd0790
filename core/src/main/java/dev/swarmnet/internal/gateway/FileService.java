package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileQuery;
import dev.swarmnet.internal.files.AttributeReader;
import dev.swarmnet.internal.files.FileSelector;
import dev.swarmnet.internal.files.ForbiddenPathException;
import dev.swarmnet.internal.files.RegexTooComplexException;
import dev.swarmnet.internal.files.SharedFile;
import dev.swarmnet.internal.files.Shares;
import dev.swarmnet.internal.files.TooManyFilesException;
import dev.swarmnet.internal.transfer.ChecksumCache;
import dev.swarmnet.internal.transfer.FileEntry;
import dev.swarmnet.internal.transfer.FileFrames;
import dev.swarmnet.internal.transfer.FileSender;
import dev.swarmnet.internal.transfer.FileReceiver;
import dev.swarmnet.internal.transfer.StripedUploads;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A handler's file operations: listing shared folders, sending the files (or ranges of them) a
 * client asks for, and receiving uploads into the download folder. Every path a client names goes
 * through {@link Shares} or the upload sandbox first.
 */
final class FileService {
    private final Shares shares;
    private final Path downloadDir;
    private final int maxFilesPerQuery;
    private final boolean allowUploads;
    private final int maxRegexLength;
    private final StripedUploads stripedUploads;
    private final int maxSpans;
    private FileSender sender;
    private final ListedFiles listed;
    private final ChecksumCache checksums;
    private final AttributeReader attributes;

    FileService(GatewayContext ctx) {
        this.shares = ctx.shares();
        this.downloadDir = ctx.downloadDir();
        this.maxFilesPerQuery = ctx.maxFilesPerQuery();
        this.allowUploads = ctx.policy().allowUploads();
        this.maxRegexLength = ctx.policy().maxRegexLength();
        this.stripedUploads = ctx.stripedUploads();
        this.maxSpans = spansThatFit(ctx.maxFrameSize());
        this.attributes = AttributeReader.withCoreHelpers(ctx.helpers());
        this.listed = ctx.listed();
        this.checksums = ctx.checksums();
    }

    /** FILE_LIST: answers FILE_LIST_RESULT, or ERROR when the query is refused. */
    void list(FrameReader reader, ConnectionWriter writer) throws IOException {
        FileQuery query = FileFrames.readList(reader);
        if (query.regex() != null && query.regex().length() > maxRegexLength) {
            reply(writer, ErrorCode.BAD_ARGUMENTS, "the regex has " + query.regex().length()
                    + " characters, more than this gateway's maxRegexLength of " + maxRegexLength);
            return;
        }
        List<FileEntry> entries;
        Map<String, SharedFile> found = ListedFiles.newListing();
        try {
            entries = select(query, found);
        } catch (ForbiddenPathException e) {
            reply(writer, ErrorCode.FORBIDDEN, e.getMessage());
            return;
        } catch (NoSuchFileException e) {
            reply(writer, ErrorCode.NOT_FOUND, "no such file or folder in the gateway's shares: " + e.getFile());
            return;
        } catch (TooManyFilesException e) {
            reply(writer, ErrorCode.LIMIT_EXCEEDED, e.getMessage());
            return;
        } catch (RegexTooComplexException e) {
            reply(writer, ErrorCode.BAD_ARGUMENTS, e.getMessage());
            return;
        }
        listed.remember(found);
        writer.write(sink -> FileFrames.listResult(sink, entries));
    }

    /**
     * FILE_GET: each item answered in order with its bytes or a FILE_FAILED. FILE_REGET ({@code reread}) is
     * the same for a batch that retries a range: its bodies are checksummed afresh.
     */
    void get(FrameReader reader, ConnectionWriter writer, boolean reread) throws IOException {
        List<FileFrames.GetItem> items = FileFrames.readGet(reader);
        if (sender == null) {
            sender = new FileSender(writer, checksums); // one per handler: it keeps its checksum buffer
        }
        Shares.FolderCache folders = new Shares.FolderCache();
        for (FileFrames.GetItem item : items) {
            SharedFile file = listed.take(item.source());
            try {
                if (file == null) {
                    file = shares.findFile(item.source(), folders);
                }
            } catch (ForbiddenPathException e) {
                sender.fail(item.tag(), ErrorCode.FORBIDDEN, e.getMessage());
                continue;
            } catch (NoSuchFileException e) {
                sender.fail(item.tag(), ErrorCode.NOT_FOUND, "no such file: " + item.source());
                continue;
            }
            sender.send(item.tag(), file.path(), file.attrs(), item.offset(), item.length(), reread);
        }
        writer.flush();
    }

    /**
     * FILE_PUT: receives the body into a temporary file, verifies it, renames it, answers FILE_ACK. A
     * gateway that does not allow uploads reads and drops the body (to stay in step) and answers FORBIDDEN.
     */
    void put(FrameReader reader, ConnectionWriter writer) throws IOException {
        FileFrames.PutHeader header = FileFrames.readPut(reader);
        FileFrames.Outcome outcome = allowUploads
                ? FileReceiver.receiveUpload(reader, downloadDir, header)
                : refuseUpload(reader, header.tag(), header.size());
        writer.write(sink -> FileFrames.outcome(sink, Protocol.FILE_ACK, outcome));
    }

    /** An upload body read and dropped: this gateway takes none. */
    private static FileFrames.Outcome refuseUpload(FrameReader reader, int tag, long size) throws IOException {
        FileReceiver.discard(reader, size);
        return new FileFrames.Outcome(tag, ErrorCode.FORBIDDEN.wireCode(),
                "this gateway does not accept uploads (allowUploads is false)");
    }

    /** FILE_PUT_RANGE: one stripe of a file that several connections upload; answers FILE_ACK. */
    void putRange(FrameReader reader, ConnectionWriter writer) throws IOException {
        FileFrames.PutRangeHeader header = FileFrames.readPutRange(reader);
        FileFrames.Outcome outcome = allowUploads
                ? stripedUploads.receive(reader, header, this)
                : refuseUpload(reader, header.tag(), header.length());
        writer.write(sink -> FileFrames.outcome(sink, Protocol.FILE_ACK, outcome));
    }

    /** FILE_PUT_COMMIT: the striped file takes its name if all of it arrived; answers FILE_ACK. */
    void commit(FrameReader reader, ConnectionWriter writer) throws IOException {
        FileFrames.Outcome outcome = stripedUploads.commit(FileFrames.readPutCommit(reader), this);
        writer.write(sink -> FileFrames.outcome(sink, Protocol.FILE_ACK, outcome));
    }

    /**
     * FILE_PUT_QUERY: which verified ranges of a striped upload this gateway holds, so a client whose
     * connections (or this gateway's process) were lost sends only the rest; answers FILE_PUT_HAVE.
     */
    void query(FrameReader reader, ConnectionWriter writer) throws IOException {
        FileFrames.PutQuery query = FileFrames.readPutQuery(reader);
        FileFrames.Have have = allowUploads
                ? stripedUploads.query(query, this, maxSpans)
                : new FileFrames.Have(query.tag(), ErrorCode.FORBIDDEN.wireCode(), List.of(),
                        "this gateway does not accept uploads (allowUploads is false)");
        writer.write(sink -> FileFrames.have(sink, have));
    }

    /**
     * How many spans a FILE_PUT_HAVE may list within the maximum frame size, leaving room for a message; a
     * client sends again whatever is not listed, so a shorter answer costs bytes, never correctness.
     */
    private static int spansThatFit(int maxFrameSize) {
        int room = maxFrameSize - 4 - 2 - 4 - Protocol.MAX_ERROR_MESSAGE_BYTES;
        return Math.max(1, Math.min(65_536, room / 16));
    }

    /** The connection ended: striped files it was helping with may be abandoned. */
    void close() {
        stripedUploads.release(this);
    }

    /** The entries of a listing, each file's real path and attributes put in {@code found} by the listed name. */
    private List<FileEntry> select(FileQuery query, Map<String, SharedFile> found) throws IOException {
        if (shares.isEmpty()) {
            throw new ForbiddenPathException(query.folder() != null ? query.folder() : query.files().get(0),
                    "this gateway shares no folder; start it with Gateway.builder().share(folder)");
        }
        return query.folder() != null ? selectFolder(query, found) : selectFiles(query.files(), found);
    }

    private List<FileEntry> selectFolder(FileQuery query, Map<String, SharedFile> found) throws IOException {
        Path folder = shares.resolveFolder(query.folder());
        Pattern regex = query.regex() == null ? null : Pattern.compile(query.regex());
        String prefix = stripTrailingSlashes(query.folder());
        List<FileEntry> entries = new ArrayList<>();
        for (FileSelector.SelectedFile f : FileSelector.select(folder, regex, query.isRecursive(), maxFilesPerQuery,
                attributes)) {
            FileEntry entry = new FileEntry(prefix + "/" + f.relativePath(), f.relativePath(), f.size(), f.mtimeMillis());
            entries.add(entry);
            found.put(entry.source(), f.file());
        }
        return entries;
    }

    private List<FileEntry> selectFiles(List<String> requested, Map<String, SharedFile> found) throws IOException {
        if (requested.size() > maxFilesPerQuery) {
            throw new TooManyFilesException(maxFilesPerQuery);
        }
        List<FileEntry> entries = new ArrayList<>();
        Shares.FolderCache folders = new Shares.FolderCache();
        for (String name : requested) {
            SharedFile file = shares.findFile(name, folders);
            entries.add(new FileEntry(name, file.path().getFileName().toString(), file.attrs().size(),
                    file.attrs().lastModifiedTime().toMillis()));
            found.put(name, file);
        }
        return entries;
    }

    private static String stripTrailingSlashes(String folder) {
        int end = folder.length();
        while (end > 1 && folder.charAt(end - 1) == '/') {
            end--;
        }
        return folder.substring(0, end);
    }

    private static void reply(ConnectionWriter writer, ErrorCode code, String message) throws IOException {
        writer.write(sink -> Frames.error(sink, code, message));
    }
}
