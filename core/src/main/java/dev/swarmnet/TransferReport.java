package dev.swarmnet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a file transfer did: every file is either counted as transferred (complete, checksum-verified,
 * in place under its real name), counted as {@link #unchanged()} (already at its destination, not sent), or
 * listed in {@link #failures()} — never silently partial.
 *
 * @param files    files transferred and verified, and links made ({@link FileQuery#links}: each counts as a file
 *                 of 0 bytes)
 * @param bytes    bytes of those files
 * @param elapsed  wall time of the whole transfer, from the request to the last file in place: a download's
 *                 listing included
 * @param failures files that could not be transferred, with the reason
 * @param listing  for a download, how long the gateway took to list the files, from the request to the end of
 *                 the listing (files move meanwhile, so this overlaps the transfer); zero for an upload
 * @param skipped  entries the sender met and did not deliver on purpose (links, special files, names it cannot
 *                 handle), with the reason; they do not make the transfer fail
 * @param unchanged files not sent because their destination already held them (see {@link ExistingFiles}), and
 *                 links left alone because the same link was there
 * @param resumed   bytes not sent again because an earlier, interrupted run of the same download had already
 *                  verified them (its partial file was continued)
 * @param kept      bytes of files that did not arrive this time, verified and kept in partial files for the next
 *                  run of the same transfer to continue from; zero when every file arrived
 */
public record TransferReport(int files, long bytes, Duration elapsed, List<FileFailure> failures, Duration listing,
        List<SkippedFile> skipped, int unchanged, long resumed, long kept) {
    /** The lists are copied; counts and byte figures may not be negative. */
    public TransferReport {
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(listing, "listing");
        failures = List.copyOf(failures);
        skipped = List.copyOf(skipped);
        if (files < 0 || bytes < 0 || unchanged < 0 || resumed < 0 || kept < 0) {
            throw new IllegalArgumentException("negative count: files " + files + ", bytes " + bytes
                    + ", unchanged " + unchanged + ", resumed " + resumed + ", kept " + kept);
        }
    }

    /** A report of a transfer that neither continued nor kept partial files. */
    public TransferReport(int files, long bytes, Duration elapsed, List<FileFailure> failures, Duration listing,
            List<SkippedFile> skipped, int unchanged) {
        this(files, bytes, elapsed, failures, listing, skipped, unchanged, 0, 0);
    }

    /** A report of a transfer that found nothing already in place. */
    public TransferReport(int files, long bytes, Duration elapsed, List<FileFailure> failures, Duration listing,
            List<SkippedFile> skipped) {
        this(files, bytes, elapsed, failures, listing, skipped, 0);
    }

    /** A report with nothing skipped and nothing already in place. */
    public TransferReport(int files, long bytes, Duration elapsed, List<FileFailure> failures, Duration listing) {
        this(files, bytes, elapsed, failures, listing, List.of(), 0);
    }

    /** A report without a listing (an upload) that found nothing already in place. */
    public TransferReport(int files, long bytes, Duration elapsed, List<FileFailure> failures) {
        this(files, bytes, elapsed, failures, Duration.ZERO);
    }

    /** Whether every file arrived (skipped entries do not count against it). */
    public boolean succeeded() {
        return failures.isEmpty();
    }

    /** Payload megabytes (10^6 bytes) per second, over the whole {@link #elapsed()} time. */
    public double megabytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? bytes / 1e6 / seconds : 0;
    }
}
