package dev.swarmnet.cli;

import dev.swarmnet.Gateway;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A gateway's address on the command line: {@code HOST}, {@code HOST:PORT}, {@code [IPv6]:PORT} or a
 * bare IPv6 address; the port defaults to 1857, pynetwork's.
 */
record Target(String host, int port) {
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static Target parse(String text) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new TypeConversionException("'" + text + "' is not HOST[:PORT]: missing ']'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new TypeConversionException("'" + text + "' is not HOST[:PORT]");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') == colon) {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            }
        }
        if (host.isBlank()) {
            throw new TypeConversionException("'" + text + "' names no host (HOST[:PORT], e.g. 127.0.0.1:1857)");
        }
        int number = Gateway.DEFAULT_PORT;
        if (port != null) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 1 || number > 65535) {
                throw new TypeConversionException("'" + port + "' is not a port (1..65535)");
            }
        }
        return new Target(host, number);
    }

    /** picocli's converter for {@code HOST[:PORT]} parameters. */
    static final class Converter implements ITypeConverter<Target> {
        @Override
        public Target convert(String value) {
            return parse(value);
        }
    }
}
