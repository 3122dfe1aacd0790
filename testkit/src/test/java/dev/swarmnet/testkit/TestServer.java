package dev.swarmnet.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback server for the proxy to forward to: runs a handler on its own thread per connection. */
final class TestServer implements AutoCloseable {
    /** Serves one accepted connection; the server closes the socket when it returns. */
    interface Handler {
        void handle(Socket socket) throws IOException;
    }

    /** Generous, but keeps a broken test from hanging the build. */
    static final int READ_TIMEOUT_MILLIS = 20_000;

    private final ServerSocket listener;
    private final Handler handler;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private TestServer(Handler handler) throws IOException {
        this.handler = handler;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        startThread("testserver-accept", this::acceptLoop);
    }

    static TestServer start(Handler handler) throws IOException {
        return new TestServer(handler);
    }

    /** Echoes everything back; after the client's EOF, sends EOF back. */
    static void echo(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        socket.shutdownOutput();
    }

    int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() {
        Sockets.closeQuietly(listener);
        accepted.forEach(Sockets::closeQuietly);
        try {
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                accepted.add(socket);
                startThread("testserver-conn", () -> serve(socket));
            } catch (IOException closed) {
                return; // close() closed the listener
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            handler.handle(socket);
        } catch (IOException ignored) {
            // Handlers that care about failures record them themselves.
        }
    }

    private void startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }
}
