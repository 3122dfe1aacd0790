package dev.swarmnet.internal.gateway;

import dev.swarmnet.Subroutine;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Subroutines by name; changes are seen by every handler at its next call, also while running. */
public final class SubroutineRegistry {
    private final Map<String, Subroutine> byName = new ConcurrentHashMap<>();

    public void add(String name, Subroutine subroutine) {
        byName.put(name, Objects.requireNonNull(subroutine, "subroutine"));
    }

    public boolean remove(String name) {
        return byName.remove(name) != null;
    }

    public Subroutine get(String name) {
        return byName.get(name);
    }

    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
