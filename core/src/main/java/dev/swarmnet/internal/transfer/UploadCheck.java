package dev.swarmnet.internal.transfer;

import dev.swarmnet.ExistingFiles;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Before an upload: which files the gateway already holds at their destinations ({@link ExistingFiles}), asked
 * with FILE_STAT in batches, one round trip per few thousand files. What it leaves out is not sent.
 */
final class UploadCheck {
    /** A FILE_STAT's body stays under this, well within any gateway's maximum frame size. */
    private static final int MAX_REQUEST_BYTES = 3000;

    private final List<LocalFile> toSend = new ArrayList<>();
    private int unchanged;

    private UploadCheck() {
    }

    /** Asks over {@code probe} about every file of {@code files}; see {@link #toSend()} and {@link #unchanged()}. */
    static UploadCheck run(Connection probe, String dirname, List<LocalFile> files, ExistingFiles policy)
            throws IOException {
        UploadCheck check = new UploadCheck();
        int base = StatFrames.requestBytes(dirname, List.of());
        List<LocalFile> batch = new ArrayList<>();
        int bytes = base;
        for (LocalFile file : files) {
            int more = 2 + FileFrames.path(file.dest()).length;
            if (!batch.isEmpty() && (bytes + more > MAX_REQUEST_BYTES || batch.size() == StatFrames.MAX_DESTS)) {
                check.ask(probe, dirname, batch, policy);
                batch.clear();
                bytes = base;
            }
            batch.add(file);
            bytes += more;
        }
        if (!batch.isEmpty()) {
            check.ask(probe, dirname, batch, policy);
        }
        return check;
    }

    /** The files to send, in their order. */
    List<LocalFile> toSend() {
        return toSend;
    }

    /** How many files were left out: the gateway holds them. */
    int unchanged() {
        return unchanged;
    }

    private void ask(Connection probe, String dirname, List<LocalFile> batch, ExistingFiles policy)
            throws IOException {
        List<String> dests = new ArrayList<>(batch.size());
        for (LocalFile file : batch) {
            dests.add(file.dest());
        }
        StatFrames.Request request = new StatFrames.Request(0, dirname, dests);
        probe.send(sink -> StatFrames.request(sink, request));
        probe.expect(Protocol.FILE_STATS);
        List<StatFrames.State> states = probe.read(r -> StatFrames.readStates(r, request));
        for (int i = 0; i < batch.size(); i++) {
            if (isThere(batch.get(i), states.get(i), policy)) {
                unchanged++;
            } else {
                toSend.add(batch.get(i));
            }
        }
    }

    /** A file that cannot be read here is sent: the upload says why it fails. */
    private static boolean isThere(LocalFile file, StatFrames.State state, ExistingFiles policy) {
        try {
            BasicFileAttributes local = file.attrs() != null ? file.attrs()
                    : Files.readAttributes(file.source(), BasicFileAttributes.class);
            return local.isRegularFile() && QuickCheck.upToDate(policy, local.size(),
                    local.lastModifiedTime().to(TimeUnit.NANOSECONDS), state.kind() == StatFrames.Kind.FILE,
                    state.size(), state.mtimeNanos());
        } catch (IOException e) {
            return false;
        }
    }
}
