package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ExistingFiles;
import dev.swarmnet.FileQuery;
import dev.swarmnet.TransferListener;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.TransferReport;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.client.Operation;
import dev.swarmnet.internal.files.NameEncoding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The two file operations, the same for one client and for a swarm: only the lanes differ. Both refuse to start
 * in a JVM that does not map file names to UTF-8 ({@link NameEncoding}): names would be changed, not moved.
 */
public final class Transfers {
    private Transfers() {
    }

    /**
     * Lists {@code query} over the first lane's connection and downloads the files over {@code lanes} while the
     * listing arrives, as {@code operation}; the report's time counts from the request for the listing. In
     * checksum mode ({@link ExistingFiles#SKIP_SAME_CONTENT}) the files are first listed and compared by content
     * over that connection, and the download lists them again.
     *
     * @throws IOException the listing's failure (the gateway refused the query, or its connection was lost), once
     *                     the files already moving are in place
     */
    public static TransferReport download(Operation operation, List<Lane> lanes, Path downloadDir, FileQuery query,
            long stripeSize, FileOptions options, TransferListener listener) throws IOException {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(listener, "listener");
        NameEncoding.requireUtf8("a file transfer");
        long start = System.nanoTime();
        Connection listing = firstConnection(lanes);
        if (listing == null) {
            throw new SwarmnetException("no connection is open to list the files over; get a new client or swarm");
        }
        Set<DownloadContentCheck.Key> same = Set.of();
        if (options.existing() == ExistingFiles.SKIP_SAME_CONTENT) {
            try (Operation.Hold hold = operation.hold(listing)) {
                same = DownloadContentCheck.same(listing, Listings.entries(listing, query), downloadDir, true);
            }
        }
        DownloadCheck check = new DownloadCheck(options.existing(), downloadDir, same);
        DownloadJob job = DownloadJob.of(downloadDir, query, stripeSize, options, check, listing, listener);
        TransferReport report = job.run(operation, lanes, start);
        IOException failure = job.listingFailure();
        if (failure != null) {
            throw failure;
        }
        return report;
    }

    /**
     * Uploads those of {@code set}'s files the gateway does not hold already ({@link ExistingFiles}, asked over
     * the first lane's connection) over {@code lanes}, as {@code operation}, striping those larger than
     * {@code stripeSize} (0: never).
     */
    public static TransferReport uploadChanged(Operation operation, List<Lane> lanes, UploadSet set, long stripeSize,
            FileOptions options, TransferListener listener) throws IOException {
        return planChanged(operation, firstConnection(lanes), set, stripeSize, options, listener).run(operation, lanes);
    }

    /** Uploads {@code set} over {@code lanes} as {@code operation}, each file as a whole, replacing what is there. */
    public static TransferReport upload(Operation operation, List<Lane> lanes, UploadSet set,
            boolean preservePermissions, TransferListener listener) throws IOException {
        return upload(set, 0, new FileOptions(ExistingFiles.REPLACE, preservePermissions), listener)
                .run(operation, lanes);
    }

    /** The upload of those of {@code set}'s files the gateway does not hold, asked over {@code probe} (null: none). */
    private static UploadJob planChanged(Operation operation, Connection probe, UploadSet set, long stripeSize,
            FileOptions options, TransferListener listener) throws IOException {
        Objects.requireNonNull(options, "options");
        if (options.existing() == ExistingFiles.REPLACE || probe == null) {
            return upload(set, stripeSize, options, listener);
        }
        UploadCheck check;
        try (Operation.Hold hold = operation.hold(probe)) {
            check = UploadCheck.run(probe, set.dirname(), set.files(), options.existing(), true);
        } catch (IOException e) {
            // The connection failed while asking: plan every file, and the upload reports each with the reason
            // (or sends it over a lane that reconnects).
            return upload(set, stripeSize, options, listener);
        }
        UploadJob job = upload(set.withFiles(check.toSend()), stripeSize, options, listener);
        job.countUnchanged(check.unchanged());
        return job;
    }

    /** The connection of the first lane that has one; null when none has. */
    private static Connection firstConnection(List<Lane> lanes) {
        for (Lane lane : lanes) {
            Connection c = lane.connection();
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /**
     * Plans the upload of {@code set}, striping files larger than {@code stripeSize} (0: never) so that several
     * connections to one gateway share them.
     */
    static UploadJob upload(UploadSet set, long stripeSize, FileOptions options, TransferListener listener)
            throws IOException {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        NameEncoding.requireUtf8("a file transfer");
        return UploadJob.plan(set, stripeSize, options, listener);
    }

    /** The files named one by one, each to land under its own name below {@code dirname}. */
    public static UploadSet files(String dirname, List<Path> files) {
        Objects.requireNonNull(dirname, "dirname");
        Objects.requireNonNull(files, "files");
        return UploadSet.ofFiles(dirname, files);
    }

    /**
     * What {@code query} selects in a local folder ({@code query.folder()}), to land below {@code dirname} keeping
     * its paths relative to the folder.
     */
    public static UploadSet folder(String dirname, FileQuery query) throws IOException {
        Objects.requireNonNull(dirname, "dirname");
        Objects.requireNonNull(query, "query");
        NameEncoding.requireUtf8("a file transfer");
        return LocalTree.walk(dirname, query);
    }
}
