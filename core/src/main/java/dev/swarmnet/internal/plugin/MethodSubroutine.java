package dev.swarmnet.internal.plugin;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.swarmnet.Arg;
import dev.swarmnet.ArgumentException;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Bytes;
import dev.swarmnet.Call;
import dev.swarmnet.SendSubroutine;
import dev.swarmnet.StreamOutput;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.Subroutine;
import dev.swarmnet.internal.ArgsCodec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.BaseStream;

/** One {@code @Exposed} method as a batch, send or stream subroutine: binds a call's arguments and encodes the result. */
final class MethodSubroutine {
    /** Keyword arguments a swarm stream adds to every call; ignored unless a parameter takes them. */
    private static final Set<String> SWARM_KWARGS = Set.of("swarm_index", "swarm_size");

    /** Generic parameter types (List&lt;Integer&gt;, ...) convert with the same strictness as {@link Call}. */
    private static final ObjectMapper STRICT = ArgsCodec.strict(JsonMapper.builder()).build();

    private enum Role { CALL, OUTPUT, BUFFER, VALUE }

    /** How one parameter is filled. */
    private record Slot(Role role, int position, String name, Class<?> type, JavaType generic) {
    }

    private final String name;
    private final Method method;
    private final Object receiver;
    private final List<Slot> slots;
    private final int positionalCount;
    private final Set<String> names;

    private MethodSubroutine(String name, Method method, Object receiver, List<Slot> slots) {
        this.name = name;
        this.method = method;
        this.receiver = receiver;
        this.slots = slots;
        this.positionalCount = (int) slots.stream().filter(s -> s.role == Role.VALUE).count();
        this.names = new HashSet<>();
        for (Slot s : slots) {
            if (s.name != null) {
                names.add(s.name);
            }
        }
    }

    static Subroutine bind(String name, Method method, Object receiver, String where) {
        Class<?> returns = method.getReturnType();
        Parameter[] params = method.getParameters();
        boolean output = false;
        boolean hasBytes = false;
        for (Parameter p : params) {
            output |= p.getType() == StreamOutput.class;
            hasBytes |= p.getType() == byte[].class;
        }
        boolean sequence = Iterator.class.isAssignableFrom(returns) || BaseStream.class.isAssignableFrom(returns);
        if (output && returns != void.class) {
            throw new IllegalArgumentException("@Exposed stream method " + where + " takes a StreamOutput, so it must"
                    + " return void (or return an Iterator or Stream and take no StreamOutput)");
        }
        if (output && sequence) {
            throw new IllegalArgumentException("@Exposed method " + where + " both takes a StreamOutput and returns a"
                    + " sequence: choose one");
        }
        boolean send = !output && !sequence && hasBytes
                && (returns == int.class || returns == Integer.class || returns == void.class);
        List<Slot> slots = new ArrayList<>();
        Set<String> seenNames = new HashSet<>();
        int position = 0;
        boolean bufferTaken = false;
        for (Parameter p : params) {
            Class<?> type = p.getType();
            if (type == Call.class) {
                slots.add(new Slot(Role.CALL, -1, null, type, null));
            } else if (type == StreamOutput.class) {
                slots.add(new Slot(Role.OUTPUT, -1, null, type, null));
            } else if (send && type == byte[].class && !bufferTaken) {
                bufferTaken = true;
                slots.add(new Slot(Role.BUFFER, -1, null, type, null));
            } else {
                String argName = argName(p);
                if (argName != null && !seenNames.add(argName)) {
                    throw new IllegalArgumentException("@Exposed method " + where + " has two parameters named '"
                            + argName + "'");
                }
                Type generic = p.getParameterizedType();
                JavaType javaType = generic instanceof Class<?> ? null : STRICT.getTypeFactory().constructType(generic);
                slots.add(new Slot(Role.VALUE, position++, argName, type, javaType));
            }
        }
        MethodSubroutine m = new MethodSubroutine(name, method, receiver, List.copyOf(slots));
        if (output) {
            return (StreamSubroutine) (call, out) -> m.invoke(call, out);
        }
        if (sequence) {
            return (StreamSubroutine) m::emitAll;
        }
        if (send) {
            return (SendSubroutine) call -> (Integer) m.invoke(call, null);
        }
        return (BatchSubroutine) call -> encode(m.invoke(call, null));
    }

    private static String argName(Parameter p) {
        Arg arg = p.getAnnotation(Arg.class);
        if (arg != null) {
            if (arg.value().isEmpty()) {
                throw new IllegalArgumentException("@Arg needs a name");
            }
            return arg.value();
        }
        return p.isNamePresent() ? p.getName() : null;
    }

    /** Streams an Iterator's or Stream's elements, idents 0, 1, 2, ... until it ends or the client aborts. */
    private void emitAll(Call call, StreamOutput out) throws Exception {
        Object result = invoke(call, out);
        if (result == null) {
            return;
        }
        Iterator<?> it = result instanceof BaseStream<?, ?> s ? s.iterator() : (Iterator<?>) result;
        try {
            long ident = 0;
            while (!out.isCancelled() && it.hasNext()) {
                if (!out.emit(ident++, encode(it.next()))) {
                    break;
                }
            }
        } finally {
            if (result instanceof AutoCloseable c) {
                c.close();
            }
        }
    }

    private Object invoke(Call call, StreamOutput out) throws Exception {
        Object[] values = new Object[slots.size()];
        int given = call.argCount();
        if (given > positionalCount) {
            throw new ArgumentException("'" + name + "' takes " + positionalCount + " positional argument"
                    + (positionalCount == 1 ? "" : "s") + ", got " + given);
        }
        for (String kw : call.kwargNames()) {
            if (!names.contains(kw) && !SWARM_KWARGS.contains(kw)) {
                throw new ArgumentException("'" + name + "' has no parameter named '" + kw + "'"
                        + (names.isEmpty() ? "" : " (it has: " + String.join(", ", new java.util.TreeSet<>(names)) + ")"));
            }
        }
        for (int i = 0; i < values.length; i++) {
            Slot slot = slots.get(i);
            values[i] = switch (slot.role) {
                case CALL -> call;
                case OUTPUT -> out;
                case BUFFER -> call.buffer();
                case VALUE -> value(call, slot, given);
            };
        }
        try {
            return method.invoke(receiver, values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method + ": " + e.getMessage(), e);
        }
    }

    private Object value(Call call, Slot slot, int given) {
        boolean positional = slot.position < given;
        boolean keyword = slot.name != null && call.hasKwarg(slot.name);
        String what = slot.name != null ? "'" + slot.name + "'" : "argument " + slot.position;
        if (positional && keyword) {
            throw new ArgumentException("'" + name + "' got " + what + " twice: by position and by name");
        }
        if (!positional && !keyword) {
            if (slot.type.isPrimitive()) {
                throw new ArgumentException("'" + name + "' is missing " + what + " (position " + slot.position + ")"
                        + (slot.name == null ? "; compile with -parameters or annotate it @Arg(\"name\") to pass it"
                        + " by keyword" : ""));
            }
            return null;
        }
        if (slot.generic != null) {
            Object natural = positional ? call.arg(slot.position) : call.kwarg(slot.name, Object.class);
            try {
                return STRICT.convertValue(natural, slot.generic);
            } catch (IllegalArgumentException e) {
                throw new ArgumentException(what + " of '" + name + "' is not a " + slot.generic.toCanonical()
                        + ": " + e.getMessage(), e);
            }
        }
        Class<?> type = boxed(slot.type);
        Object v = positional ? call.arg(slot.position, type) : call.kwarg(slot.name, type);
        if (v == null && slot.type.isPrimitive()) {
            throw new ArgumentException(what + " of '" + name + "' must not be null");
        }
        return v;
    }

    /** A batch result or stream element as bytes; see {@link dev.swarmnet.Exposed}. */
    static byte[] encode(Object result) {
        if (result == null) {
            return new byte[0];
        }
        if (result instanceof byte[] b) {
            return b;
        }
        if (result instanceof String s) {
            return Bytes.strToBytes(s);
        }
        if (result instanceof Integer || result instanceof Short || result instanceof Byte) {
            return Bytes.intToBytes(((Number) result).intValue());
        }
        if (result instanceof Long l) {
            return Bytes.longToBytes(l);
        }
        if (result instanceof Float f) {
            return Bytes.floatToBytes(f);
        }
        if (result instanceof Double d) {
            return Bytes.doubleToBytes(d);
        }
        if (result instanceof Boolean b) {
            return new byte[] {(byte) (b ? 1 : 0)};
        }
        if (result instanceof Character c) {
            return Bytes.strToBytes(c.toString());
        }
        if (result instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        return Bytes.jsonToBytes(result);
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == short.class) {
            return Short.class;
        }
        if (type == byte.class) {
            return Byte.class;
        }
        return Character.class;
    }
}
