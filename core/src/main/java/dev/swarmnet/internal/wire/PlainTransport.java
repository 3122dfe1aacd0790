package dev.swarmnet.internal.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

/** Plain TCP: frames straight from and to the socket channel, file bodies by sendfile. */
public final class PlainTransport implements Transport {
    private final SocketChannel channel;
    private final InputStream input;

    public PlainTransport(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.input = channel.socket().getInputStream();
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public ReadableByteChannel rawInput() {
        return channel;
    }

    @Override
    public WritableByteChannel output() {
        return channel;
    }

    @Override
    public boolean supportsSendfile() {
        return true;
    }

    @Override
    public void setReadTimeout(int millis) throws IOException {
        channel.socket().setSoTimeout(millis);
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
        Channels.closeQuietly(channel);
    }

    @Override
    public String describe() {
        return "plain";
    }
}
