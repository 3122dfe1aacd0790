package dev.swarmnet.internal.wire;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * The socket options both ends set: no Nagle delay, and TCP keepalive tuned so that a peer whose host
 * died or whose network vanished is noticed in about two minutes (60 s idle, then 6 probes 10 s apart)
 * instead of the system default of over two hours — in every state, also while one side waits on the
 * other inside a request. (A peer process that hangs on a live host still answers these probes; the
 * controller's stall timeout and the gateway's idle timeout catch that.) Where the platform lacks the
 * tuning options, the system's keepalive defaults apply.
 */
public final class SocketTuning {
    static final int KEEPALIVE_IDLE_SECONDS = 60;
    static final int KEEPALIVE_INTERVAL_SECONDS = 10;
    static final int KEEPALIVE_PROBES = 6;

    private SocketTuning() {
    }

    public static void apply(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_SECONDS);
        setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_SECONDS);
        setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
    }

    private static void setIfSupported(SocketChannel channel, SocketOption<Integer> option, int value)
            throws IOException {
        if (channel.supportedOptions().contains(option)) {
            channel.setOption(option, value);
        }
    }
}
