package dev.swarmnet.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A server handler that reads one connection to its end, keeping the bytes and how it ended. */
final class Sink implements TestServer.Handler {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong count = new AtomicLong();
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    @Override
    public void handle(Socket socket) {
        OutputStream recorder = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (bytes) {
                    bytes.write(b, off, len);
                }
                count.addAndGet(len);
            }
        };
        try {
            ending.complete(Ending.readToEnd(socket.getInputStream(), recorder));
        } catch (IOException e) {
            ending.complete(Ending.FAILURE);
        }
    }

    long count() {
        return count.get();
    }

    byte[] bytes() {
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }

    /** Completes when the connection has ended. */
    CompletableFuture<Ending> ending() {
        return ending;
    }
}
