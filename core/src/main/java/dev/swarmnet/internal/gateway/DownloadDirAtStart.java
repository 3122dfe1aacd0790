package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.ProgressLog;
import dev.swarmnet.internal.files.DownloadFolderCheck;
import dev.swarmnet.internal.files.StaleTemporaries;
import dev.swarmnet.internal.gateway.files.StripedUploads;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** What a gateway's start does with its download folder, before and as it begins to listen. */
final class DownloadDirAtStart {
    private DownloadDirAtStart() {
    }

    /**
     * Removes what uploads of an earlier run of a gateway on this folder left unfinished, except the pieces of
     * striped uploads still within their retention: their clients may come back to resume them.
     */
    static StaleTemporaries.Sweep sweepLeftovers(GatewayConfig.Files files, ProgressLog log) throws IOException {
        StaleTemporaries.Sweep sweep = StaleTemporaries.sweep(files.downloadDir(), files.resumableUploadRetention());
        if (sweep.removed() > 0) {
            log.logger().info("removed {} unfinished upload files left by an earlier run from {}", sweep.removed(),
                    files.downloadDir());
        }
        if (!sweep.kept().isEmpty()) {
            log.logger().info("kept {} resumable uploads left by an earlier run in {} (for up to {})",
                    sweep.kept().size(), files.downloadDir(), files.resumableUploadRetention());
        }
        return sweep;
    }

    /**
     * Says at start, not at the first upload, that uploads will be refused: each one is then answered with the
     * reason (the connection stays usable), and the gateway serves everything else.
     */
    static void warnIfUploadsCannotLand(GatewayConfig.Files files, ProgressLog log) {
        if (!files.allowUploads()) {
            return;
        }
        DownloadFolderCheck.Problem problem = DownloadFolderCheck.problem(files.downloadDir());
        if (problem != null) {
            log.logger().warn("uploads will be refused: the gateway cannot write into its download folder {}: {}",
                    files.downloadDir(), problem.logged());
        }
    }

    /** The registry of striped uploads; expired pieces are swept on the timer thread (a few stats per run). */
    static StripedUploads stripedUploads(GatewayConfig.Files files, StaleTemporaries.Sweep leftovers,
            ScheduledExecutorService timer) {
        StripedUploads uploads = new StripedUploads(files.resumableUploadRetention(), leftovers.kept());
        if (uploads.keepsPieces()) {
            long period = uploads.sweepPeriod().toMillis();
            timer.scheduleWithFixedDelay(uploads::sweepExpired, period, period, TimeUnit.MILLISECONDS);
        }
        return uploads;
    }
}
