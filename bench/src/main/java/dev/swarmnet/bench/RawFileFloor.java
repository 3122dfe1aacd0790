package dev.swarmnet.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The floor for moving one large file: what a competent programmer writes with plain NIO and no
 * library. The server {@code FileChannel.transferTo}s the file into the socket (sendfile); the client
 * reads into one direct buffer and writes it to a {@code FileChannel}. Blocking channels, one thread
 * per connection, TCP_NODELAY, kernel socket-buffer auto-tuning left on (as swarmnet does).
 *
 * <p>Wire: the client sends the path (int length + UTF-8); the server answers with the size (long)
 * and the bytes. No checksum, no temporary name, no rename: it is the cost of the bytes alone.
 */
final class RawFileFloor implements AutoCloseable {

    /**
     * The client's direct buffer. Larger is faster here (fewer reads and tmpfs writes): one interleaved
     * comparison of 7 repeats on the 2-core development VM gave medians of 760, 880, 1,040 and
     * 1,250 MB/s for 256 KiB, 1, 4 and 16 MiB. The floor should be the fastest simple design: 16 MiB.
     */
    static final int CLIENT_BUFFER = 16 << 20;

    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final ByteBuffer clientBuffer;

    RawFileFloor() throws IOException {
        this(CLIENT_BUFFER);
    }

    RawFileFloor(int clientBufferBytes) throws IOException {
        clientBuffer = ByteBuffer.allocateDirect(clientBufferBytes);
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::acceptLoop, "raw-floor-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Fetches {@code source} (a path on the server side) into {@code target}; returns the bytes moved. */
    long fetch(Path source, Path target) throws IOException {
        try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()));
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            socket.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            byte[] name = source.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer request = ByteBuffer.allocate(4 + name.length).putInt(name.length).put(name).flip();
            while (request.hasRemaining()) {
                socket.write(request);
            }
            ByteBuffer header = ByteBuffer.allocate(8);
            readFully(socket, header);
            long size = header.flip().getLong();
            long received = 0;
            ByteBuffer buffer = clientBuffer;
            while (received < size) {
                buffer.clear();
                if (size - received < buffer.capacity()) {
                    buffer.limit((int) (size - received));
                }
                int n = socket.read(buffer);
                if (n < 0) {
                    throw new EOFException("server closed after " + received + " of " + size + " bytes");
                }
                received += n;
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            return received;
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel socket = server.accept();
                Thread handler = new Thread(() -> serve(socket), "raw-floor-handler");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(SocketChannel socket) {
        try (socket) {
            socket.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer length = ByteBuffer.allocate(4);
            readFully(socket, length);
            ByteBuffer name = ByteBuffer.allocate(length.flip().getInt());
            readFully(socket, name);
            Path path = Path.of(new String(name.array(), StandardCharsets.UTF_8));
            try (FileChannel in = FileChannel.open(path)) {
                long size = in.size();
                ByteBuffer header = ByteBuffer.allocate(8).putLong(size).flip();
                while (header.hasRemaining()) {
                    socket.write(header);
                }
                long sent = 0;
                while (sent < size) {
                    sent += in.transferTo(sent, size - sent, socket);
                }
            }
        } catch (IOException e) {
            System.err.println("raw floor server: " + e);
        }
    }

    private static void readFully(SocketChannel socket, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (socket.read(buffer) < 0) {
                throw new EOFException("connection closed");
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
