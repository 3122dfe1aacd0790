package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.RemoteException;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.SwarmnetException;
import dev.swarmnet.TransferListener;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.LinkTargets;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.wire.files.FileFrames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A download's listing, which the gateway sends in parts while it walks, read by one of the transfer's
 * connections at a time (section 10 of docs/PROTOCOL.md). Every part's files are planned at once, so every
 * connection fetches from the first part on. If the connection carrying the listing is lost before its end,
 * the listing is not: the next connection free to take it (the same lane reconnected, or another) asks again
 * and skips what is known already: for a file list the first entries (the gateway answers in the order asked),
 * for a folder every name planned before. The listing fails only when the gateway refuses the query, or when no
 * connection is left to finish it. Besides files, a folder's listing names its sub-folders (created, and given
 * their times and modes, once the files are in), the links asked for (made once the files are in) and the
 * entries the gateway skipped (reported, never fetched).
 * Thread-safe: ownership passes between the lanes' threads.
 */
final class StreamedListing {
    private final FileQuery query;
    private final TransferPlan plan;
    private final TransferListener listener;
    private final Function<FileEntry, List<FileRange>> striper;
    private final Consumer<List<FileFailure>> refusals;
    private final DuplicateNames duplicates = new DuplicateNames();
    private final boolean preservePermissions;
    /** The sub-folders listed, by dest, in the order listed (a parent before its children). */
    private final Map<String, FileFrames.Listed> folders = new LinkedHashMap<>();
    private final Map<String, SkippedFile> skipped = new LinkedHashMap<>();
    /** The links to make, in the order listed (only when the query asks for links). */
    private final List<FileFrames.Listed> links = new ArrayList<>();

    /** The connection reading the listing now; null while nobody does (it was lost). */
    private Connection owner;
    /** Whether the owner has asked for the listing (the first owner is chosen before it asks). */
    private boolean requested;
    private boolean complete;
    private IOException failure;
    private String lastLoss;
    private int losses;
    private long endedNanos;
    /** Entries of the current request so far: the index of the next one, and FILE_LIST_END's count. */
    private int received;
    /** Entries of a file list planned or refused already: a new request skips that many. */
    private int known;
    private int planned;
    private long plannedBytes;

    /**
     * @param first    the connection that asks for the listing first
     * @param striper  plans a file: its ranges (one for a small file; none for a file not to be sent)
     * @param refusals takes the files refused at planning (two with one destination)
     * @param preservePermissions whether the files keep the listed permission bits (else the receiver's default)
     */
    StreamedListing(FileQuery query, Connection first, TransferPlan plan, TransferListener listener,
            Function<FileEntry, List<FileRange>> striper, Consumer<List<FileFailure>> refusals,
            boolean preservePermissions) {
        this.query = query;
        this.preservePermissions = preservePermissions;
        this.owner = first;
        this.plan = plan;
        this.listener = listener;
        this.striper = striper;
        this.refusals = refusals;
    }

    /**
     * Makes {@code connection} the one to read the listing, if the listing is due and nobody else reads it;
     * then it must {@link #request} it.
     */
    synchronized boolean claim(Connection connection) {
        if (complete || failure != null || requested && owner != null || owner != null && owner != connection) {
            return false;
        }
        owner = connection;
        requested = true;
        received = 0;
        plan.listingClaimed();
        return true;
    }

    /** Sends FILE_LIST on the connection that claimed the listing. */
    void request(Connection connection) throws IOException {
        connection.send(sink -> FileFrames.list(sink, query));
    }

    /** Whether {@code connection} reads the listing and its end is still due. */
    synchronized boolean isOpenOn(Connection connection) {
        return owner == connection && requested && !complete && failure == null;
    }

    /**
     * Handles one frame of the listing on {@code connection}: a part or the end.
     *
     * @throws IOException a protocol violation (the connection is failed)
     */
    void read(Connection connection, int type) throws IOException {
        if (!isOpenOn(connection)) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                    "frame type 0x" + Integer.toHexString(type) + " where no listing was due"));
        }
        if (type == Protocol.FILE_LIST_PART) {
            part(connection.read(FileFrames::readListPart), connection);
        } else if (type == Protocol.FILE_LIST_END) {
            end(connection.read(FileFrames::readListEnd), connection);
        } else {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                    "expected the listing (FILE_LIST_PART or FILE_LIST_END), got frame type 0x"
                            + Integer.toHexString(type)));
        }
    }

    private void part(List<FileFrames.Listed> part, Connection connection) throws IOException {
        List<FileRange> ranges = new ArrayList<>();
        List<FileFailure> refused;
        int files;
        long bytes;
        synchronized (this) {
            if (query.folder() == null && received + part.size() > query.files().size()) {
                throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                        "the listing names more files than were asked for"));
            }
            List<FileFailure> refusedLinks = new ArrayList<>();
            for (FileFrames.Listed l : part) {
                int index = received++;
                if (l.kind() == FileFrames.LISTED_LINK) {
                    link(l, connection, refusedLinks);
                    continue;
                }
                if (l.kind() != FileFrames.LISTED_FILE) {
                    other(l, connection);
                    continue;
                }
                if (alreadyKnown(index, l.dest())) {
                    continue;
                }
                FileEntry e = new FileEntry(FileFrames.sourceOf(query, index, l.dest()), l.dest(), l.size(),
                        l.mtimeNanos(), preservePermissions ? l.mode() : FileModes.NONE);
                if (query.folder() == null) {
                    known++;
                }
                if (duplicates.admit(e)) {
                    List<FileRange> planned = striper.apply(e);
                    if (!planned.isEmpty()) {
                        ranges.addAll(planned);
                        this.planned++;
                        plannedBytes += e.size();
                    }
                }
            }
            refused = new ArrayList<>(duplicates.takeRefused());
            refused.addAll(refusedLinks);
            files = planned;
            bytes = plannedBytes;
        }
        refusals.accept(refused);
        listener.filesListed(files, bytes); // before the part's ranges can be taken
        plan.listed(ranges);
    }

    /**
     * A link to make: kept once, unless its name is another entry's or its target leads outside the download
     * folder (judged here again, as the gateway did: a hostile one could list any target), which fails it.
     */
    private void link(FileFrames.Listed l, Connection connection, List<FileFailure> refusedLinks)
            throws IOException {
        if (query.folder() == null || !query.keepsLinks()) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                    "the listing names a link where no link was asked for"));
        }
        if (duplicates.seen(l.dest())) {
            return; // a renewed request names it again
        }
        String refusal = LinkTargets.refusal(l.dest(), l.target());
        if (!duplicates.admit(new FileEntry(FileFrames.sourceOf(query, 0, l.dest()), l.dest(), 0, l.mtimeNanos()))) {
            return; // reported as a duplicate
        }
        if (refusal != null) {
            refusedLinks.add(new FileFailure(l.dest(), "refused link to '" + l.target() + "': " + refusal));
            return;
        }
        links.add(l);
        planned++;
    }

    /** The links to make, in the order listed. */
    synchronized List<FileFrames.Listed> links() {
        return new ArrayList<>(links);
    }

    /** A sub-folder or a skipped entry: kept (once, also when a renewed request names it again). */
    private void other(FileFrames.Listed l, Connection connection) throws IOException {
        if (query.folder() == null) {
            throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR,
                    "the listing of a file list names something else than a file"));
        }
        if (l.kind() == FileFrames.LISTED_FOLDER) {
            folders.putIfAbsent(l.dest(), l);
        } else {
            skipped.putIfAbsent(l.dest(), new SkippedFile(l.dest(), l.reason()));
        }
    }

    /** The sub-folders listed so far, a parent before its children. */
    synchronized List<FileFrames.Listed> folders() {
        return new ArrayList<>(folders.values());
    }

    /** The entries the gateway reported as skipped, in the order listed. */
    synchronized List<SkippedFile> skipped() {
        return new ArrayList<>(skipped.values());
    }

    /**
     * Whether an entry of a renewed request was planned (or refused) before: a file list's answer comes in the
     * order asked for; a folder's walk might differ from the first if the folder changed meanwhile, so names
     * already seen are skipped wherever they come.
     */
    private boolean alreadyKnown(int index, String dest) {
        return query.folder() == null ? index < known : duplicates.seen(dest);
    }

    private void end(FileFrames.ListEnd end, Connection connection) throws IOException {
        int files;
        long bytes;
        synchronized (this) {
            if (end.files() != received) {
                throw connection.fail(new ProtocolViolation(ErrorCode.PROTOCOL_ERROR, "FILE_LIST_END counts "
                        + end.files() + " files where " + received + " were listed"));
            }
            complete = true;
            endedNanos = System.nanoTime();
            files = planned;
            bytes = plannedBytes;
        }
        listener.transferPlanned(files, bytes);
        plan.listingEnded(true);
    }

    /** The gateway refused the query (on {@code connection}, which stays usable): the transfer fails. */
    void refused(Connection connection, RemoteException e) {
        synchronized (this) {
            if (owner != connection || complete) {
                return;
            }
            failure = e;
            endedNanos = System.nanoTime();
        }
        plan.listingEnded(false);
    }

    /**
     * The connection reading the listing was lost: the listing waits for another to take it over, unless it has
     * lost {@link TransferJob#MAX_LOSSES} connections already (a listing that kills every connection fails
     * rather than being asked for forever).
     */
    void lost(Connection connection, IOException e) {
        boolean givenUp;
        synchronized (this) {
            if (owner != connection || complete || failure != null) {
                return;
            }
            owner = null;
            requested = false;
            lastLoss = e.getMessage() != null ? e.getMessage() : e.toString();
            givenUp = ++losses >= TransferJob.MAX_LOSSES;
            if (givenUp) {
                failure = new SwarmnetException("the listing's connection was lost " + losses + " times (last: "
                        + lastLoss + ")", e);
                endedNanos = System.nanoTime();
            }
        }
        if (givenUp) {
            plan.listingEnded(false);
        } else {
            plan.listingReleased();
        }
    }

    /**
     * Why the transfer must fail as a whole once every lane has ended: the gateway refused the query, or the
     * listing never ended (its connection was lost and no other was left); null when it completed.
     */
    synchronized IOException failure() {
        if (failure != null || complete) {
            return failure;
        }
        return new SwarmnetException("the listing was cut short (" + (lastLoss == null ? "no connection" : lastLoss)
                + ") and no connection was left to list the rest");
    }

    /** When the listing ended (or failed), a {@link System#nanoTime()}; 0 while it lasts. */
    synchronized long endedNanos() {
        return endedNanos;
    }
}
