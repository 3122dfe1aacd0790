package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileQuery;
import dev.swarmnet.internal.files.AttributeReader;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.DownloadFolderCheck;
import dev.swarmnet.internal.files.FileSelector;
import dev.swarmnet.internal.files.Folder;
import dev.swarmnet.internal.files.ForbiddenPathException;
import dev.swarmnet.internal.files.QueryBudget;
import dev.swarmnet.internal.files.QueryTooCostlyException;
import dev.swarmnet.internal.files.RegexTooComplexException;
import dev.swarmnet.internal.files.ShareReader;
import dev.swarmnet.internal.files.SharedFile;
import dev.swarmnet.internal.files.Shares;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.files.TooManyFilesException;
import dev.swarmnet.internal.transfer.ChecksumCache;
import dev.swarmnet.internal.wire.files.FileFrames;
import dev.swarmnet.internal.wire.files.FolderFrames;
import dev.swarmnet.internal.gateway.files.FolderReceiver;
import dev.swarmnet.internal.transfer.FileReceiver;
import dev.swarmnet.internal.transfer.FileSender;
import dev.swarmnet.internal.gateway.files.FileSummer;
import dev.swarmnet.internal.wire.files.StatFrames;
import dev.swarmnet.internal.wire.files.SumFrames;
import dev.swarmnet.internal.gateway.files.StripedUploads;
import dev.swarmnet.internal.gateway.files.UploadStores;
import dev.swarmnet.internal.wire.ConnectionWriter;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Frames;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A handler's file operations: listing shared folders (in parts, while the walk goes on, serving the files
 * asked for meanwhile), sending the files (or ranges of them) a client asks for, and receiving uploads into
 * the download folder. Every path a client names is reached one name at a time through this connection's
 * open folders ({@link ShareReader}, {@link TargetFolders}), never through a link.
 */
final class FileService {
    /** Files in the first part of a listing: small, so that downloads start at once. */
    static final int FIRST_PART = 64;
    /** Files per later part. */
    static final int PART = 512;
    /**
     * How long a walk runs before the requests sent meanwhile are served between its parts: a short listing
     * (a folder of a few thousand files) ends first, so that a connection lost later loses no listing; a long
     * one lets the files move while it goes on.
     */
    static final long INTERLEAVE_AFTER_NANOS = 20_000_000;

    private final Shares shares;
    private final Path downloadDir;
    private final int maxFilesPerQuery;
    private final boolean allowUploads;
    private final int maxRegexLength;
    private final StripedUploads stripedUploads;
    private final int maxSpans;
    private final ListedFiles listed;
    private final ChecksumCache checksums;
    private final AttributeReader attributes;
    private FileSender sender;
    /** The transfer these requests belong to, told what moved. */
    private final FileRun run;
    private FileSummer summer;
    private ShareReader reads;
    /** This connection's small uploads on their way to disk; made at the first. */
    private UploadStores stores;
    private TargetFolders uploads;
    /** Why this connection's uploads are refused although they are allowed (the download folder), or null. */
    private String uploadsUnusable;

    FileService(GatewayContext ctx, FileRun run) {
        this.run = run;
        this.shares = ctx.shares();
        this.downloadDir = ctx.config().files().downloadDir();
        this.maxFilesPerQuery = ctx.config().limits().maxFilesPerQuery();
        this.allowUploads = ctx.config().files().allowUploads();
        this.maxRegexLength = ctx.config().limits().maxRegexLength();
        this.stripedUploads = ctx.stripedUploads();
        this.maxSpans = FileFrames.spansThatFit(ctx.config().limits().maxFrameSize());
        this.attributes = AttributeReader.withCoreHelpers(ctx.helpers());
        this.listed = ctx.listed();
        this.checksums = ctx.checksums();
    }

    /**
     * FILE_LIST: answers FILE_LIST_PART frames and FILE_LIST_END, or ERROR when the query is refused (before the
     * first part, or in place of the end when the walk passes a limit).
     */
    void list(FrameReader reader, ConnectionWriter writer) throws IOException {
        FileQuery query = FileFrames.readList(reader);
        if (query.regex() != null && query.regex().length() > maxRegexLength) {
            ErrorReply.send(writer, ErrorCode.BAD_ARGUMENTS, "the regex has " + query.regex().length()
                    + " characters, more than this gateway's maxRegexLength of " + maxRegexLength);
            return;
        }
        try {
            FileFrames.ListEnd end = query.folder() != null
                    ? listFolder(query, reader, writer)
                    : listFiles(query.files(), writer);
            writer.write(sink -> FileFrames.listEnd(sink, end));
        } catch (ForbiddenPathException e) {
            ErrorReply.send(writer, ErrorCode.FORBIDDEN, e.getMessage());
        } catch (NoSuchFileException e) {
            ErrorReply.send(writer, ErrorCode.NOT_FOUND,
                    "no such file or folder in the gateway's shares: " + e.getFile());
        } catch (TooManyFilesException | QueryTooCostlyException e) {
            ErrorReply.send(writer, ErrorCode.LIMIT_EXCEEDED, e.getMessage());
        } catch (RegexTooComplexException e) {
            ErrorReply.send(writer, ErrorCode.BAD_ARGUMENTS, e.getMessage());
        }
    }

    /** Walks the folder, sending each part as soon as it is found. */
    private FileFrames.ListEnd listFolder(FileQuery query, FrameReader reader, ConnectionWriter writer)
            throws IOException {
        Folder start;
        ShareReader.OpenedFolder folder = reads().folder(query.folder());
        try (folder) {
            start = folder.folder().duplicate(); // the walk lists it, and closes what it opened
        }
        Pattern regex = query.regex() == null ? null : Pattern.compile(query.regex());
        ListedFiles.Listing listing = listed.begin();
        long started = System.nanoTime();
        int count = 0;
        long bytes = 0;
        try (FileSelector walk = new FileSelector(start, folder.share(), folder.sharePath(), folder.path(), regex,
                query.isRecursive(), query.keepsLinks(), budget(writer), attributes)) {
            for (int max = FIRST_PART; ; max = PART) {
                List<FileSelector.SelectedFile> part = walk.next(max);
                List<FileSelector.Other> others = walk.takeOthers(); // after next(): the rest when the walk is over
                if (part.isEmpty() && others.isEmpty()) {
                    break;
                }
                List<FileFrames.Listed> entries = new ArrayList<>(part.size() + others.size());
                Map<String, SharedFile> found = new HashMap<>();
                for (FileSelector.SelectedFile f : part) {
                    // The name the client will ask for it by (it derives it the same way).
                    String source = FileFrames.sourceOf(query, 0, f.relativePath());
                    if (!FileFrames.fitsPathField(source)) {
                        entries.add(FileFrames.Listed.tooLong(f.relativePath()));
                        continue;
                    }
                    found.put(source, f.file());
                    entries.add(FileFrames.Listed.file(f.relativePath(), f.size(), f.mtimeNanos(), f.mode()));
                    bytes += f.size();
                }
                for (FileSelector.Other o : others) {
                    entries.add(FileFrames.fitsPathField(o.relativePath()) ? listed(query, listing, o)
                            : FileFrames.Listed.tooLong(o.relativePath()));
                }
                count += entries.size();
                listing.addAll(found); // before the part leaves: its files may be asked for at once
                writer.write(sink -> FileFrames.listParts(sink, entries));
                if (System.nanoTime() - started >= INTERLEAVE_AFTER_NANOS) {
                    serveWaitingRequests(reader, writer);
                }
            }
        }
        return new FileFrames.ListEnd(count, bytes);
    }

    /**
     * A sub-folder, a link or an entry not delivered as the listing carries it. One that failed (a name that is not valid
     * UTF-8) is listed as a file and refused when asked for: the client reports it as failed with the true reason,
     * where sending it would change its name.
     */
    private static FileFrames.Listed listed(FileQuery query, ListedFiles.Listing listing, FileSelector.Other o) {
        return switch (o.kind()) {
            case FOLDER -> FileFrames.Listed.folder(o.relativePath(),
                    FileModes.nanos(o.attrs().lastModifiedTime()), FileModes.of(o.attrs()));
            case LINK -> FileFrames.Listed.link(o.relativePath(), FileModes.nanos(o.attrs().lastModifiedTime()), o.text());
            case SKIPPED -> FileFrames.Listed.skipped(o.relativePath(), o.reason());
            case FAILED -> {
                listing.refuse(FileFrames.sourceOf(query, 0, o.relativePath()), o.reason());
                yield FileFrames.Listed.file(o.relativePath(), 0, 0, FileModes.NONE);
            }
        };
    }

    /**
     * A query's budget. Whether the client still wants the answer is learnt by writing to it: a KEEPALIVE
     * (which it skips) to a client that hung up makes its system answer with a reset, and the next write fails.
     * A walk that writes no part for a while thus ends within two check intervals of a hang-up; a gateway
     * that closes cuts the socket, and the next write fails at once.
     */
    private QueryBudget budget(ConnectionWriter writer) {
        return new QueryBudget(maxFilesPerQuery, () -> writer.write(sink -> Frames.empty(sink, Protocol.KEEPALIVE)));
    }

    /** Finds every file of the list (refusing the whole query if one is not there), then sends them in parts. */
    private FileFrames.ListEnd listFiles(List<String> requested, ConnectionWriter writer) throws IOException {
        if (requested.size() > maxFilesPerQuery) {
            throw new TooManyFilesException(maxFilesPerQuery);
        }
        List<FileFrames.Listed> entries = new ArrayList<>();
        Map<String, SharedFile> found = new HashMap<>();
        QueryBudget budget = budget(writer);
        long bytes = 0;
        for (String name : requested) {
            budget.checkStillWanted();
            SharedFile file = reads().file(name);
            entries.add(FileFrames.Listed.file(file.pathInShare(), file.attrs().size(),
                    FileModes.nanos(file.attrs().lastModifiedTime()), FileModes.of(file.attrs())));
            found.put(name, file);
            bytes += file.attrs().size();
        }
        listed.begin().addAll(found);
        writer.write(sink -> FileFrames.listParts(sink, entries));
        return new FileFrames.ListEnd(entries.size(), bytes);
    }

    /**
     * Serves the FILE_GETs the client sent since the listing began (it asks for files from the first part on),
     * so that its files move while the walk goes on. Nothing else may come before the listing ends.
     */
    private void serveWaitingRequests(FrameReader reader, ConnectionWriter writer) throws IOException {
        while (reader.hasPendingInput()) {
            int type = reader.next();
            if (type != Protocol.FILE_GET && type != Protocol.FILE_REGET) {
                throw new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "frame type 0x" + Integer.toHexString(type)
                        + " while a listing is sent: only FILE_GET and FILE_REGET may come before its end");
            }
            get(reader, writer, type == Protocol.FILE_REGET);
        }
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
        ShareReader files = reads();
        for (FileFrames.GetItem item : items) {
            String refusal = listed.refusal(item.source());
            if (refusal != null) {
                sender.fail(item.tag(), ErrorCode.TRANSFER_FAILED, refusal);
                run.failed();
                continue;
            }
            SharedFile file = listed.take(item.source());
            try {
                if (file == null) {
                    file = files.file(item.source());
                }
            } catch (ForbiddenPathException e) {
                sender.fail(item.tag(), ErrorCode.FORBIDDEN, e.getMessage());
                run.failed();
                continue;
            } catch (NoSuchFileException e) {
                sender.fail(item.tag(), ErrorCode.NOT_FOUND, "no such file: " + item.source());
                run.failed();
                continue;
            }
            sender.send(item.tag(), file, files, item.offset(), item.length(), reread);
            run.sent(item.length());
        }
        writer.flush();
    }

    /**
     * FILE_PUT: receives the body into a temporary file, verifies it, renames it, answers FILE_ACK. A
     * gateway that does not allow uploads reads and drops the body (to stay in step) and answers FORBIDDEN.
     */
    void put(FrameReader reader, ConnectionWriter writer) throws IOException {
        FileFrames.PutHeader header = FileFrames.readPut(reader);
        run.received(header.size());
        TargetFolders folders = uploadsOrNull();
        if (folders != null && header.size() <= UploadStores.SMALL_FILE) {
            stores(writer).receive(reader, folders, header); // stored and answered on a writer thread, in order
            return;
        }
        awaitStores(); // this answer comes after those of the small files before it
        FileFrames.Outcome outcome = folders != null
                ? FileReceiver.receiveUpload(reader, folders, header)
                : refuseUpload(reader, header.tag(), header.size());
        writer.write(sink -> FileFrames.outcome(sink, Protocol.FILE_ACK, outcome));
    }

    /** An upload body read and dropped: this gateway takes none. */
    private FileFrames.Outcome refuseUpload(FrameReader reader, int tag, long size) throws IOException {
        FileReceiver.discard(reader, size);
        return new FileFrames.Outcome(tag, refusedCode().wireCode(), refusal());
    }

    /** FILE_PUT_RANGE: one stripe of a file that several connections upload; answers FILE_ACK. */
    void putRange(FrameReader reader, ConnectionWriter writer) throws IOException {
        FileFrames.PutRangeHeader header = FileFrames.readPutRange(reader);
        run.received(header.length());
        TargetFolders folders = uploadsOrNull();
        FileFrames.Outcome outcome = folders != null
                ? stripedUploads.receive(reader, header, this, folders)
                : refuseUpload(reader, header.tag(), header.length());
        writer.write(sink -> FileFrames.outcome(sink, Protocol.FILE_ACK, outcome));
    }

    /** FILE_PUT_COMMIT: the striped file takes its name if all of it arrived; answers FILE_ACK. */
    void commit(FrameReader reader, ConnectionWriter writer) throws IOException {
        FileFrames.PutCommit commit = FileFrames.readPutCommit(reader);
        TargetFolders folders = uploadsOrNull();
        FileFrames.Outcome outcome = folders != null
                ? stripedUploads.commit(commit, this, folders)
                : new FileFrames.Outcome(commit.tag(), refusedCode().wireCode(), refusal());
        writer.write(sink -> FileFrames.outcome(sink, Protocol.FILE_ACK, outcome));
    }

    /**
     * FILE_PUT_QUERY: which verified ranges of a striped upload this gateway holds, so a client whose
     * connections (or this gateway's process) were lost sends only the rest; answers FILE_PUT_HAVE.
     */
    void query(FrameReader reader, ConnectionWriter writer) throws IOException {
        FileFrames.PutQuery query = FileFrames.readPutQuery(reader);
        TargetFolders folders = uploadsOrNull();
        FileFrames.Have have = folders != null
                ? stripedUploads.query(query, this, folders, maxSpans)
                : new FileFrames.Have(query.tag(), refusedCode().wireCode(), List.of(), refusal());
        writer.write(sink -> FileFrames.have(sink, have));
    }

    /**
     * FILE_PUT_FOLDER: a folder of an uploaded tree made and given its time and bits; answers FILE_ACK.
     */
    void putFolder(FrameReader reader, ConnectionWriter writer) throws IOException {
        FolderFrames.PutFolder folder = FolderFrames.readPutFolder(reader);
        TargetFolders folders = uploadsOrNull();
        FileFrames.Outcome outcome = folders != null
                ? FolderReceiver.place(folders, folder)
                : new FileFrames.Outcome(folder.tag(), refusedCode().wireCode(), refusal());
        writer.write(sink -> FileFrames.outcome(sink, Protocol.FILE_ACK, outcome));
    }

    /**
     * FILE_STAT: what stands at upload destinations, so that a client sends only what is not there yet; answers
     * FILE_STATS. A gateway that takes no uploads has nothing to tell (every destination: nothing there).
     */
    void stat(FrameReader reader, ConnectionWriter writer) throws IOException {
        StatFrames.Request q = StatFrames.readRequest(reader);
        List<StatFrames.State> states = new ArrayList<>(q.dests().size());
        TargetFolders into = uploadsOrNull();
        for (String dest : q.dests()) {
            states.add(into != null ? stateOf(into, q.dirname(), dest) : StatFrames.State.NONE);
        }
        writer.write(sink -> StatFrames.states(sink, q.tag(), states));
    }

    /**
     * FILE_SUM: the CRC32C of whole files, shared ones or at upload destinations (checksum mode); answers
     * FILE_SUMS. A gateway that takes no uploads has no destination to tell about.
     */
    void sum(FrameReader reader, ConnectionWriter writer) throws IOException {
        SumFrames.Request q = SumFrames.readRequest(reader);
        if (summer == null) {
            summer = new FileSummer(checksums); // one per handler: it keeps its read buffer
        }
        TargetFolders into = q.target() == SumFrames.Target.SHARED ? null : uploadsOrNull();
        QueryBudget budget = budget(writer);
        List<SumFrames.Sum> sums = summer.sums(q, reads(), into, budget::checkStillWanted);
        writer.write(sink -> SumFrames.sums(sink, q.tag(), sums));
    }

    /** What stands at one destination, reached as an upload would reach it (never through a link). */
    private static StatFrames.State stateOf(TargetFolders into, String dirname, String dest) {
        try (TargetFolders.Target at = into.existing(dirname, dest, 0)) {
            if (at == null) {
                return StatFrames.State.NONE;
            }
            BasicFileAttributes a = at.folder().stat(at.name());
            return a.isRegularFile()
                    ? new StatFrames.State(StatFrames.Kind.FILE, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS))
                    : StatFrames.State.OTHER;
        } catch (NoSuchFileException e) {
            return StatFrames.State.NONE;
        } catch (IOException e) {
            return StatFrames.State.OTHER; // a path an upload would refuse: it is sent, and refused with the reason
        }
    }

    /**
     * Waits until the small uploads received so far are stored and answered: before anything else this
     * connection does, so that answers keep their order and a folder is timed after its files.
     */
    void awaitStores() throws IOException {
        if (stores != null) {
            stores.drain();
        }
    }

    private UploadStores stores(ConnectionWriter writer) {
        if (stores == null) {
            stores = new UploadStores(writer);
        }
        return stores;
    }

    /** The connection ended: striped files it was helping with may be abandoned, and its folders are closed. */
    void close() {
        if (stores != null) {
            stores.close(); // the verified files in line are stored before the upload folders close
        }
        stripedUploads.release(this);
        if (reads != null) {
            reads.close();
        }
        if (uploads != null) {
            uploads.close();
        }
    }

    private ShareReader reads() {
        if (reads == null) {
            reads = new ShareReader(shares);
        }
        return reads;
    }

    /**
     * This connection's way into the download folder (created if missing), or null when uploads are refused:
     * not allowed, or the folder cannot be made or opened ({@link #refusal()} says why). Each upload is then
     * answered with that reason, its body read and dropped: the connection stays in step and usable.
     */
    private TargetFolders uploadsOrNull() {
        if (!allowUploads || uploadsUnusable != null) {
            return null;
        }
        if (uploads == null) {
            // The reply names no path of this host (docs/PROTOCOL.md, "Reply texts"); the start-up warning does.
            DownloadFolderCheck.Problem problem = DownloadFolderCheck.problem(downloadDir);
            if (problem != null) {
                uploadsUnusable = "the gateway cannot write into its download folder: " + problem.reason();
                return null;
            }
            try {
                uploads = TargetFolders.open(downloadDir);
            } catch (IOException e) {
                uploadsUnusable = "the gateway cannot write into its download folder: "
                        + (e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                                ? f.getReason() : e.getClass().getSimpleName());
                return null;
            }
        }
        return uploads;
    }

    /** Why uploads are refused on this connection. */
    private String refusal() {
        return uploadsUnusable != null ? uploadsUnusable : "this gateway does not accept uploads (allowUploads is false)";
    }

    private ErrorCode refusedCode() {
        return uploadsUnusable != null ? ErrorCode.TRANSFER_FAILED : ErrorCode.FORBIDDEN;
    }

}
