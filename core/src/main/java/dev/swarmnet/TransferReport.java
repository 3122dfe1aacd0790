package dev.swarmnet;

import java.time.Duration;
import java.util.List;

/**
 * What a file transfer did: every file is either counted as transferred (complete, checksum-verified,
 * in place under its real name) or listed in {@link #failures()} — never silently partial.
 *
 * @param files files transferred and verified
 * @param bytes bytes of those files
 * @param elapsed wall time of the whole transfer
 * @param failures files that could not be transferred, with the reason
 */
public record TransferReport(int files, long bytes, Duration elapsed, List<FileFailure> failures) {
    public TransferReport {
        failures = List.copyOf(failures);
    }

    /** Whether every file arrived. */
    public boolean succeeded() {
        return failures.isEmpty();
    }

    /** Payload megabytes (10^6 bytes) per second. */
    public double megabytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? bytes / 1e6 / seconds : 0;
    }
}
