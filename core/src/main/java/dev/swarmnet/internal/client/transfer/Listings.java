package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.ExistingFiles;
import dev.swarmnet.FileQuery;
import dev.swarmnet.ListedFile;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A listing alone: what a query selects, with nothing fetched (for {@code ls}, or to look before a download). */
public final class Listings {
    private Listings() {
    }

    /**
     * Of the files {@code query} selects (listed over {@code connection}) for a download into {@code downloadDir},
     * those a download would fetch now: all but the ones their destination already holds ({@link ExistingFiles};
     * in checksum mode they are compared over {@code connection}). Creates and changes nothing.
     */
    public static List<ListedFile> toFetch(Connection connection, FileQuery query, Path downloadDir,
            ExistingFiles existing) throws IOException {
        List<FileEntry> listed = entries(connection, query);
        if (existing == ExistingFiles.REPLACE || !Files.isDirectory(downloadDir)) {
            return listedFiles(listed);
        }
        Set<DownloadContentCheck.Key> same = existing == ExistingFiles.SKIP_SAME_CONTENT
                ? DownloadContentCheck.same(connection, listed, downloadDir, false)
                : Set.of();
        DownloadCheck check = new DownloadCheck(existing, downloadDir, same);
        List<FileEntry> fetched = new ArrayList<>();
        try (TargetFolders folders = TargetFolders.open(downloadDir)) {
            for (FileEntry e : listed) {
                if (!check.upToDate(e, folders)) {
                    fetched.add(e);
                }
            }
        }
        return listedFiles(fetched);
    }

    /**
     * Of {@code files} to upload into {@code dirname}, those an upload would send now, asked over {@code probe}.
     * Changes nothing on the gateway.
     */
    public static List<Path> toSend(Connection probe, UploadSet set, ExistingFiles existing) throws IOException {
        List<LocalFile> files = existing == ExistingFiles.REPLACE ? set.files()
                : UploadCheck.run(probe, set.dirname(), set.files(), existing, false).toSend();
        List<Path> sources = new ArrayList<>(files.size());
        for (LocalFile f : files) {
            sources.add(f.source());
        }
        return sources;
    }

    private static List<ListedFile> listedFiles(List<FileEntry> entries) {
        List<ListedFile> files = new ArrayList<>(entries.size());
        for (FileEntry e : entries) {
            files.add(new ListedFile(e.dest(), e.size(), instant(e.mtimeNanos())));
        }
        return files;
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /**
     * The files {@code query} selects, in the gateway's order.
     *
     * @throws dev.swarmnet.RemoteException when the gateway refuses the query
     */
    public static List<ListedFile> list(Connection connection, FileQuery query) throws IOException {
        return listedFiles(entries(connection, query));
    }

    /** The files {@code query} selects, each with the name the gateway knows it by. */
    static List<FileEntry> entries(Connection connection, FileQuery query) throws IOException {
        connection.send(sink -> FileFrames.list(sink, query));
        List<FileEntry> files = new ArrayList<>();
        int entries = 0;
        while (true) {
            int type = connection.next();
            if (type == Protocol.FILE_LIST_PART) {
                for (FileFrames.Listed l : connection.read(FileFrames::readListPart)) {
                    int index = entries++;
                    if (query.folder() == null && index >= query.files().size()) {
                        throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                                "the listing names more files than were asked for"));
                    }
                    if (l.kind() == FileFrames.LISTED_FILE) { // folders and skipped entries are not files
                        files.add(new FileEntry(FileFrames.sourceOf(query, index, l.dest()), l.dest(), l.size(),
                                l.mtimeNanos()));
                    }
                }
            } else if (type == Protocol.FILE_LIST_END) {
                FileFrames.ListEnd end = connection.read(FileFrames::readListEnd);
                if (end.files() != entries) {
                    throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_LIST_END counts "
                            + end.files() + " entries; the parts listed " + entries));
                }
                return files;
            } else {
                throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                        "expected the listing, got frame type 0x" + Integer.toHexString(type)));
            }
        }
    }
}
