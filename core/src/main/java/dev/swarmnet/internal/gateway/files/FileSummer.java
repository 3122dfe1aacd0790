package dev.swarmnet.internal.gateway.files;

import dev.swarmnet.internal.files.FileModes;
import dev.swarmnet.internal.files.QueryBudget;
import dev.swarmnet.internal.files.ShareReader;
import dev.swarmnet.internal.files.SharedFile;
import dev.swarmnet.internal.files.TargetFolders;
import dev.swarmnet.internal.transfer.ChecksumCache;
import dev.swarmnet.internal.transfer.WholeFileChecksum;
import dev.swarmnet.internal.wire.files.SumFrames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's side of FILE_SUM: the CRC32C of whole files, shared ones or upload destinations, each reached
 * one name at a time and never through a link. A request reads at most {@link SumFrames#MAX_READ_BYTES} of file
 * bytes (the first file whatever its size); checksums of large files are kept by file version in the
 * {@link ChecksumCache}, so asking again about an unchanged file costs a stat. Not thread-safe: one per handler.
 */
public final class FileSummer {
    /** Files from this size on have their checksum kept: a smaller one is cheaper to read than the slot it takes. */
    static final long KEPT_FROM = 1024 * 1024;

    private final ChecksumCache checksums;
    private final WholeFileChecksum reader = new WholeFileChecksum();
    private long budget;
    private boolean readAny;

    public FileSummer(ChecksumCache checksums) {
        this.checksums = checksums;
    }

    /**
     * The answers to {@code q}: files of {@code shares}, or destinations in {@code uploads} (null: uploads refused,
     * nothing to tell). {@code stillWanted} is asked between reads.
     *
     * @throws IOException when {@code stillWanted} fails: nobody waits for the answer
     */
    public List<SumFrames.Sum> sums(SumFrames.Request q, ShareReader shares, TargetFolders uploads,
            QueryBudget.StillWanted stillWanted) throws IOException {
        budget = SumFrames.MAX_READ_BYTES;
        readAny = false;
        QueryBudget.StillWanted unchecked = () -> {
            try {
                stillWanted.check();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // through the catches below, which answer for one file
            }
        };
        List<SumFrames.Sum> sums = new ArrayList<>(q.items().size());
        try {
            for (SumFrames.Item item : q.items()) {
                sums.add(q.target() == SumFrames.Target.SHARED ? shared(shares, item.name(), unchecked)
                        : uploads == null ? SumFrames.Sum.NONE
                        : destination(uploads, q, item, unchecked));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return sums;
    }

    private SumFrames.Sum shared(ShareReader shares, String name, QueryBudget.StillWanted stillWanted) {
        SharedFile file;
        try {
            file = shares.file(name);
        } catch (NoSuchFileException e) {
            return SumFrames.Sum.NONE;
        } catch (IOException e) {
            return SumFrames.Sum.OTHER; // a path the gateway refuses: a download of it says why
        }
        try (FileChannel channel = shares.open(file)) {
            return sum(channel, file.path(), file.attrs(), () -> shares.stat(file), stillWanted);
        } catch (IOException e) {
            return SumFrames.Sum.OTHER;
        }
    }

    private SumFrames.Sum destination(TargetFolders into, SumFrames.Request q, SumFrames.Item item,
            QueryBudget.StillWanted stillWanted) {
        try (TargetFolders.Target at = into.existing(q.dirname(), item.name(), 0)) {
            if (at == null) {
                return SumFrames.Sum.NONE;
            }
            BasicFileAttributes before = at.folder().stat(at.name());
            if (!before.isRegularFile()) {
                return SumFrames.Sum.OTHER;
            }
            SumFrames.Sum sum;
            try (FileChannel channel = at.folder().openForReading(at.name())) {
                sum = sum(channel, at.path(), before, () -> at.folder().stat(at.name()), stillWanted);
            }
            if (q.target() == SumFrames.Target.DESTINATIONS_TIMED && sum.kind() == SumFrames.Kind.FILE
                    && sum.size() == item.size() && sum.crc() == item.crc() && sum.mtimeNanos() != item.mtimeNanos()) {
                // The bytes an upload would bring are there: only its mtime is still to come.
                at.folder().setModifiedTime(at.name(), FileModes.time(item.mtimeNanos()));
                sum = new SumFrames.Sum(SumFrames.Kind.FILE, sum.size(), item.mtimeNanos(), sum.crc());
            }
            return sum;
        } catch (NoSuchFileException e) {
            return SumFrames.Sum.NONE;
        } catch (IOException e) {
            return SumFrames.Sum.OTHER; // a path an upload would refuse: it is sent, and refused with the reason
        }
    }

    /** How the attributes are read again after the read, to see whether the file changed meanwhile. */
    @FunctionalInterface
    private interface Restat {
        BasicFileAttributes get() throws IOException;
    }

    private SumFrames.Sum sum(FileChannel channel, Path path, BasicFileAttributes before, Restat restat,
            QueryBudget.StillWanted stillWanted) throws IOException {
        long size = before.size();
        long mtime = FileModes.nanos(before.lastModifiedTime());
        ChecksumCache.Lookup lookup = size >= KEPT_FROM
                ? checksums.lookUp(path, before.fileKey(), 0, size, false) : null;
        if (lookup != null && lookup.known() != null && checksums.unchangedSince(lookup)) {
            return new SumFrames.Sum(SumFrames.Kind.FILE, size, mtime, lookup.known());
        }
        if (readAny && size > budget) {
            return SumFrames.Sum.NOT_SUMMED;
        }
        readAny = true;
        budget -= Math.min(budget, size);
        long crc = reader.of(channel, size, stillWanted);
        BasicFileAttributes after = restat.get();
        if (crc == WholeFileChecksum.SHORT || after.size() != size
                || FileModes.nanos(after.lastModifiedTime()) != mtime) {
            return SumFrames.Sum.OTHER; // it changed while it was read: the transfer sends it
        }
        if (lookup != null) {
            checksums.remember(lookup, (int) crc);
        }
        return new SumFrames.Sum(SumFrames.Kind.FILE, size, mtime, (int) crc);
    }
}
