package dev.swarmnet.cli;

import dev.swarmnet.TransferListener;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr (bytes with rate and ETA, files done of planned) driven by a transfer's
 * {@link TransferListener}. The listener is called from every connection of a swarm at once: the
 * counters are atomic and the bar's own methods are synchronised; the bar redraws on its own thread.
 * {@link #none()} is the silent version for pipes, {@code --quiet} and {@code --json}.
 */
class TransferProgress implements TransferListener, AutoCloseable {
    private final ProgressBar bar;
    /** When the bar started: the summary's clock too, so that both show the same time. */
    private final long startedNanos = System.nanoTime();
    private final AtomicInteger filesDone = new AtomicInteger();
    private final AtomicInteger filesFailed = new AtomicInteger();
    private volatile int filesPlanned = -1;
    /** Files listed so far while a download's listing arrives; -1 once the whole transfer is known. */
    private volatile int filesListed = -1;

    private TransferProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar when {@code show}, else nothing. */
    static TransferProgress create(String task, boolean show) {
        if (!show) {
            return none();
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(-1)
                .setUnit(" MB", 1_000_000)
                .showSpeed(new java.text.DecimalFormat("0.0"))
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(100)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .continuousUpdate()
                .build();
        return new TransferProgress(bar);
    }

    static TransferProgress none() {
        return new TransferProgress(null);
    }

    /** The time since this was created (before connecting): the whole command's transfer, listing included. */
    java.time.Duration elapsed() {
        return java.time.Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Override
    public void filesListed(int files, long bytes) {
        filesListed = files;
        if (bar != null) {
            bar.maxHint(bytes);
            message();
        }
    }

    @Override
    public void transferPlanned(int files, long bytes) {
        filesListed = -1;
        filesPlanned = files;
        if (bar != null) {
            bar.maxHint(bytes);
            message();
        }
    }

    @Override
    public void bytesMoved(long count) {
        if (bar != null) {
            bar.stepBy(count);
        }
    }

    @Override
    public void fileFinished(String path, boolean ok) {
        (ok ? filesDone : filesFailed).incrementAndGet();
        if (bar != null) {
            message();
        }
    }

    private void message() {
        int planned = filesPlanned;
        int listed = filesListed;
        int failed = filesFailed.get();
        // While the listing still arrives the total is not known yet: "n/m+" says at least m.
        String total = planned >= 0 ? "/" + planned : listed >= 0 ? "/" + listed + "+" : "";
        bar.setExtraMessage(" " + filesDone.get() + total + " files" + (failed > 0 ? ", " + failed + " failed" : ""));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** A counter for tests and summaries that do not need the bar. */
    long filesDone() {
        return filesDone.get();
    }
}
