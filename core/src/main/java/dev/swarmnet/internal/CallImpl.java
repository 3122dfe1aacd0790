package dev.swarmnet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmnet.ArgumentException;
import dev.swarmnet.Call;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** A call as the gateway received it; the arguments are decoded on first use only. */
public final class CallImpl implements Call {
    private static final byte[] NO_BUFFER = new byte[0];

    private final String name;
    private final byte[] encodedArgs;
    private final byte[] buffer;
    private ArgsCodec.Decoded args;

    public CallImpl(String name, byte[] encodedArgs, byte[] buffer) {
        this.name = name;
        this.encodedArgs = encodedArgs;
        this.buffer = buffer == null ? NO_BUFFER : buffer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int argCount() {
        return decoded().positional().size();
    }

    @Override
    public <T> T arg(int index, Class<T> type) {
        Objects.requireNonNull(type, "type");
        return ArgsCodec.convert(positional(index), type, "positional argument " + index + " of '" + name + "'");
    }

    @Override
    public Object arg(int index) {
        return arg(index, Object.class);
    }

    @Override
    public Set<String> kwargNames() {
        Set<String> names = new LinkedHashSet<>();
        decoded().keywords().fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Override
    public boolean hasKwarg(String kwName) {
        return decoded().keywords().has(kwName);
    }

    @Override
    public <T> T kwarg(String kwName, Class<T> type) {
        Objects.requireNonNull(type, "type");
        JsonNode node = decoded().keywords().get(kwName);
        if (node == null) {
            throw new ArgumentException("'" + name + "' needs keyword argument '" + kwName + "', which the call lacks");
        }
        return ArgsCodec.convert(node, type, "keyword argument '" + kwName + "' of '" + name + "'");
    }

    @Override
    public <T> T kwarg(String kwName, Class<T> type, T fallback) {
        return hasKwarg(kwName) ? kwarg(kwName, type) : fallback;
    }

    @Override
    public byte[] buffer() {
        return buffer;
    }

    private JsonNode positional(int index) {
        int count = argCount();
        if (index < 0 || index >= count) {
            throw new ArgumentException("'" + name + "' needs positional argument " + index + " but the call has "
                    + count);
        }
        return decoded().positional().get(index);
    }

    private ArgsCodec.Decoded decoded() {
        if (args == null) {
            args = ArgsCodec.decode(encodedArgs);
        }
        return args;
    }

    @Override
    public String toString() {
        return "Call[" + name + "]";
    }
}
