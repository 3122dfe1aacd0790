package dev.swarmnet.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The floor: the fastest simple blocking design, written in a few dozen lines.
 * Blocking sockets, TCP_NODELAY, 64 KiB buffered data streams, length-prefixed frames
 * and one thread per connection. Nothing here is clever, so whatever a library costs
 * beyond these numbers is the price of its features.
 *
 * <p>Wire format: every request is an op byte followed by a frame (int length + payload).
 * A call's reply is one frame echoing the request; a stream request's payload is
 * (long count, int size) and the reply is {@code count} frames of 8-byte ident + payload.
 */
final class RawSocketContender implements Contender {

    private static final int BUFFER = 64 * 1024;
    private static final byte OP_CALL = 1;
    private static final byte OP_STREAM = 2;

    private ServerSocket server;
    private Socket socket;
    private DataInputStream in;
    private DataOutputStream out;

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public String note() {
        return "blocking java.net sockets, TCP_NODELAY, 64 KiB buffered data streams, length-prefixed frames,"
                + " one thread per connection";
    }

    @Override
    public void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        daemon("raw-accept", this::acceptLoop).start();
        socket = new Socket(server.getInetAddress(), server.getLocalPort());
        socket.setTcpNoDelay(true);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER));
        out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER));
    }

    @Override
    public byte[] echo(byte[] request) throws IOException {
        out.writeByte(OP_CALL);
        out.writeInt(request.length);
        out.write(request);
        out.flush();
        byte[] reply = new byte[in.readInt()];
        in.readFully(reply);
        return reply;
    }

    @Override
    public double streamItems(long count, int itemSize) throws IOException {
        long t0 = System.nanoTime();
        out.writeByte(OP_STREAM);
        out.writeInt(12);
        out.writeLong(count);
        out.writeInt(itemSize);
        out.flush();
        for (long expected = 0; expected < count; expected++) {
            int length = in.readInt();
            long ident = in.readLong();
            if (ident != expected) {
                throw new IOException("item " + ident + " arrived, expected " + expected);
            }
            // A fresh array per item, as a real consumer that keeps the data would need.
            in.readFully(new byte[length - 8]);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- server side: one blocking thread per connection ----

    private void acceptLoop() {
        try {
            while (!server.isClosed()) {
                Socket peer = server.accept();
                daemon("raw-conn", () -> serve(peer)).start();
            }
        } catch (IOException closed) {
            // close() closed the listening socket: nothing left to accept.
        }
    }

    private void serve(Socket peer) {
        try (peer) {
            peer.setTcpNoDelay(true);
            DataInputStream pin = new DataInputStream(new BufferedInputStream(peer.getInputStream(), BUFFER));
            DataOutputStream pout = new DataOutputStream(new BufferedOutputStream(peer.getOutputStream(), BUFFER));
            while (true) {
                byte op = pin.readByte();
                byte[] payload = new byte[pin.readInt()];
                pin.readFully(payload);
                if (op == OP_CALL) {
                    pout.writeInt(payload.length);
                    pout.write(payload);
                } else {
                    writeItems(pout, payload);
                }
                pout.flush();
            }
        } catch (EOFException | SocketException closed) {
            // The client went away; this connection's thread ends with it.
        } catch (IOException e) {
            throw new IllegalStateException("raw server connection failed", e);
        }
    }

    /** Writes all items into the buffer; the caller flushes once at the end. */
    private static void writeItems(DataOutputStream pout, byte[] request) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(request);
        long count = header.getLong();
        int size = header.getInt();
        byte[] item = new byte[size]; // one array for every item: the bytes are copied out by write()
        Arrays.fill(item, (byte) 's');
        for (long ident = 0; ident < count; ident++) {
            pout.writeInt(8 + size);
            pout.writeLong(ident);
            pout.write(item);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true); // never keeps the JVM alive after the table is printed
        return thread;
    }
}
