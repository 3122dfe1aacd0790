package dev.swarmnet.internal.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.ExistingFiles;
import dev.swarmnet.FileQuery;
import dev.swarmnet.ListedFile;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.files.TargetFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A listing alone: what a query selects, with nothing fetched (for {@code ls}, or to look before a download). */
public final class Listings {
    private Listings() {
    }

    /**
     * Of {@code files} listed for a download into {@code downloadDir}, those a download would fetch now: all but
     * the ones their destination already holds ({@link ExistingFiles}). Creates nothing.
     */
    public static List<ListedFile> toFetch(List<ListedFile> files, Path downloadDir, ExistingFiles existing)
            throws IOException {
        if (existing == ExistingFiles.REPLACE || !Files.isDirectory(downloadDir)) {
            return files;
        }
        DownloadCheck check = new DownloadCheck(existing, downloadDir);
        List<ListedFile> fetched = new ArrayList<>();
        try (TargetFolders folders = TargetFolders.open(downloadDir)) {
            for (ListedFile f : files) {
                long nanos = f.modified().getEpochSecond() * 1_000_000_000L + f.modified().getNano();
                if (!check.upToDate(new FileEntry(f.path(), f.path(), f.size(), nanos), folders)) {
                    fetched.add(f);
                }
            }
        }
        return fetched;
    }

    /**
     * Of {@code files} to upload into {@code dirname}, those an upload would send now, asked over {@code probe}.
     */
    public static List<Path> toSend(Connection probe, UploadSet set, ExistingFiles existing) throws IOException {
        List<LocalFile> files = existing == ExistingFiles.REPLACE ? set.files()
                : UploadCheck.run(probe, set.dirname(), set.files(), existing).toSend();
        List<Path> sources = new ArrayList<>(files.size());
        for (LocalFile f : files) {
            sources.add(f.source());
        }
        return sources;
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
        connection.send(sink -> FileFrames.list(sink, query));
        List<ListedFile> files = new ArrayList<>();
        int entries = 0;
        while (true) {
            int type = connection.next();
            if (type == Protocol.FILE_LIST_PART) {
                for (FileFrames.Listed l : connection.read(FileFrames::readListPart)) {
                    entries++;
                    if (l.kind() == FileFrames.LISTED_FILE) { // folders and skipped entries are not files
                        files.add(new ListedFile(l.dest(), l.size(), instant(l.mtimeNanos())));
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
