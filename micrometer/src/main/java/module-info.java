/** Binds the figures of swarmnet gateways and controllers to a Micrometer {@code MeterRegistry}. */
module dev.swarmnet.micrometer {
    requires dev.swarmnet;
    requires micrometer.core;

    exports dev.swarmnet.micrometer;
}
