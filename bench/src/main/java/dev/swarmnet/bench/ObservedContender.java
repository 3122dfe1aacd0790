package dev.swarmnet.bench;

/** A swarmnet contender measured with {@link Observation} on: the swarmnet-observed column. */
final class ObservedContender implements Contender {
    private final Contender swarmnet;
    private final Observation observation = new Observation();

    ObservedContender(Contender swarmnet) {
        this.swarmnet = swarmnet;
    }

    @Override
    public String name() {
        return swarmnet.name();
    }

    @Override
    public String note() {
        return swarmnet.note() + "; " + Observation.note();
    }

    @Override
    public void start() throws Exception {
        swarmnet.start();
    }

    @Override
    public byte[] echo(byte[] request) throws Exception {
        return swarmnet.echo(request);
    }

    @Override
    public long[] batchRoundTrips(int warmup, int n, int size) throws Exception {
        return observation.during(() -> swarmnet.batchRoundTrips(warmup, n, size));
    }

    @Override
    public double streamItems(long count, int itemSize) throws Exception {
        return observation.during(() -> swarmnet.streamItems(count, itemSize));
    }

    @Override
    public void close() throws java.io.IOException {
        swarmnet.close();
    }
}
