package dev.swarmnet.internal.tls;

import dev.swarmnet.internal.wire.Channels;
import dev.swarmnet.internal.wire.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A connection through an SSL socket layered over the socket channel. Closing cuts the channel under
 * it: a thread blocked inside the SSL socket fails at once, and nothing waits on the SSL socket's
 * locks (its own close would try to send close_notify under the lock a blocked writer holds).
 */
public final class TlsTransport implements Transport {
    private final SocketChannel channel;
    private final SSLSocket socket;
    private final InputStream input;
    private final WritableByteChannel output;

    public TlsTransport(SocketChannel channel, SSLSocket socket) throws IOException {
        this.channel = channel;
        this.socket = socket;
        this.input = socket.getInputStream();
        this.output = new TlsOutputChannel(socket.getOutputStream());
    }

    public SSLSocket socket() {
        return socket;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public ReadableByteChannel rawInput() {
        return null;
    }

    @Override
    public WritableByteChannel output() {
        return output;
    }

    @Override
    public boolean supportsSendfile() {
        return false;
    }

    @Override
    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Sends close_notify (TLS 1.3 keeps the reading direction open), falling back to a TCP half-close. */
    @Override
    public void shutdownOutput() throws IOException {
        try {
            socket.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            channel.shutdownOutput();
        }
    }

    @Override
    public void close() {
        Channels.closeQuietly(channel);
    }

    @Override
    public String describe() {
        SSLSession session = socket.getSession();
        return session.getProtocol() + " " + session.getCipherSuite();
    }
}
