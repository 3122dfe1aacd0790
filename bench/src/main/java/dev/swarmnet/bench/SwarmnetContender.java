package dev.swarmnet.bench;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.Gateway;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.ThreadMode;
import java.io.IOException;
import java.util.Arrays;

/**
 * The library under test, used exactly as an application would: a gateway with an
 * {@code echo} batch subroutine and an {@code items} stream subroutine, and a client
 * obtained from a controller pointed at it.
 */
final class SwarmnetContender implements Contender {

    private final String name;
    private final ThreadMode threads;
    private final BenchTls tls;
    private Gateway gateway;
    private Controller controller;
    private Client client;

    SwarmnetContender(String name, ThreadMode threads) {
        this(name, threads, null);
    }

    /** With {@code tls}, gateway and client talk TLS (the swarmnet-tls column); null for plain TCP. */
    SwarmnetContender(String name, ThreadMode threads, BenchTls tls) {
        this.name = name;
        this.threads = threads;
        this.tls = tls;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String note() {
        return "swarmnet-core " + Versions.get("swarmnet.version") + ", gateway maxPoolSize 8, "
                + threads.name().toLowerCase(java.util.Locale.ROOT) + " handler threads"
                + (tls == null ? "" : "; " + BenchTls.note());
    }

    @Override
    public void start() throws Exception {
        Gateway.Builder builder = Gateway.builder().port(0).maxPoolSize(8).threadMode(threads);
        if (tls != null) {
            builder.tls(tls.server());
        }
        gateway = builder.build();
        gateway.addSubroutine("echo", (BatchSubroutine) call -> call.arg(0, byte[].class));
        gateway.addSubroutine("items", (StreamSubroutine) (call, out) -> {
            long count = call.arg(0, Long.class);
            int size = call.arg(1, Integer.class);
            byte[] item = new byte[size]; // reused: emit copies the bytes before returning
            Arrays.fill(item, (byte) 's');
            for (long ident = 0; ident < count; ident++) {
                if (!out.emit(ident, item)) {
                    return; // the client aborted
                }
            }
        });
        gateway.start(false);
        Controller.Builder controllerBuilder = Controller.builder().gateway("127.0.0.1", gateway.port());
        if (tls != null) {
            controllerBuilder.tls(tls.client());
        }
        controller = controllerBuilder.build();
        client = controller.getClient();
    }

    @Override
    public byte[] echo(byte[] request) throws IOException {
        byte[] reply = client.getSubroutineBatch("echo", Args.of(request));
        return reply;
    }

    @Override
    public double streamItems(long count, int itemSize) throws Exception {
        ItemCounter counter = new ItemCounter();
        long t0 = System.nanoTime();
        // Blocks until the stream ends; the callbacks run on this thread.
        boolean complete = client.getSubroutineStream("items", Args.of(count, itemSize),
                counter::onChunk, name -> counter.ended = true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!complete || !counter.ended || counter.received != count) {
            throw new IOException("stream ended after " + counter.received + " of " + count + " items");
        }
        return seconds;
    }

    /** Counts chunks and checks they arrive in order, as the other contenders do. */
    private static final class ItemCounter {
        private long received;
        private boolean ended;

        boolean onChunk(String name, long ident, byte[] bytes) throws IOException {
            if (ident != received) {
                throw new IOException("item " + ident + " arrived, expected " + received);
            }
            received++;
            return true;
        }
    }

    @Override
    public void close() {
        // The reverse of the opening order: client, controller, then gateway.
        if (client != null) {
            client.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }
}
