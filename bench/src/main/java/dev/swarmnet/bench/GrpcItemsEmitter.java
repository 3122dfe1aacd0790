package dev.swarmnet.bench;

import io.grpc.stub.ServerCallStreamObserver;
import java.nio.ByteBuffer;

/**
 * Server side of the gRPC item stream, honouring flow control: it emits only while the
 * transport says {@code isReady()} and resumes from the on-ready handler. Calling onNext
 * regardless would queue every item in memory (gigabytes for the 64 KiB stream).
 *
 * <p>All callbacks run serialized on the call's executor, so plain fields suffice.
 */
final class GrpcItemsEmitter implements Runnable {

    private final ServerCallStreamObserver<byte[]> out;
    private final long count;
    /** One array reused for every item: onNext serializes it into transport buffers before returning. */
    private final byte[] item;
    private long next;
    private boolean finished;

    GrpcItemsEmitter(ServerCallStreamObserver<byte[]> out, long count, int size) {
        this.out = out;
        this.count = count;
        this.item = new byte[8 + size];
        java.util.Arrays.fill(item, 8, item.length, (byte) 's');
    }

    /** Registers the handlers; must happen before the service method returns. */
    void install() {
        out.setOnCancelHandler(() -> finished = true);
        out.setOnReadyHandler(this);
        run(); // usually not ready yet; the on-ready handler starts the stream then
    }

    @Override
    public void run() {
        // The on-ready handler may fire after completion or spuriously: check both.
        while (!finished && out.isReady()) {
            if (next == count) {
                finished = true;
                out.onCompleted();
                return;
            }
            ByteBuffer.wrap(item).putLong(0, next++);
            out.onNext(item);
        }
    }
}
