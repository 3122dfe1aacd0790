package dev.swarmnet.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A command that talks to one gateway, named by its first parameter. */
abstract class ClientCommand {
    @Parameters(index = "0", paramLabel = "HOST[:PORT]", converter = Target.Converter.class,
            description = "The gateway: host name or address, port 1857 unless given ([v6addr]:port for IPv6).")
    Target target;

    @Mixin
    ConnectionOptions connection;
}
