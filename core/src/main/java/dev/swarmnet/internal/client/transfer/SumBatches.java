package dev.swarmnet.internal.client.transfer;

import dev.swarmnet.internal.wire.ProtocolViolation;
import dev.swarmnet.internal.wire.files.SumFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Cuts the files asked about in checksum mode into FILE_SUM requests any gateway answers in full: at most
 * {@link SumFrames#MAX_NAMES} names, a body of at most about {@value #MAX_REQUEST_BYTES} bytes (well within
 * any gateway's maximum frame size), and files of at most {@link SumFrames#MAX_READ_BYTES} in all (or one file).
 */
final class SumBatches {
    static final int MAX_REQUEST_BYTES = UploadCheck.MAX_REQUEST_BYTES;

    private SumBatches() {
    }

    static <T> List<List<T>> cut(List<T> files, SumFrames.Target target, String dirname, Function<T, String> name,
            ToLongFunction<T> size) throws ProtocolViolation {
        List<List<T>> batches = new ArrayList<>();
        int base = SumFrames.baseBytes(dirname);
        List<T> batch = new ArrayList<>();
        int bytes = base;
        long read = 0;
        for (T file : files) {
            int more = SumFrames.itemBytes(target, name.apply(file));
            long fileSize = size.applyAsLong(file);
            if (!batch.isEmpty() && (bytes + more > MAX_REQUEST_BYTES || batch.size() == SumFrames.MAX_NAMES
                    || read + fileSize > SumFrames.MAX_READ_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = base;
                read = 0;
            }
            batch.add(file);
            bytes += more;
            read += fileSize;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
