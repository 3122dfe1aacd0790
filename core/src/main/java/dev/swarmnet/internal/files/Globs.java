package dev.swarmnet.internal.files;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Include and exclude globs (rsync-like) as one regex over a file's path relative to the listed folder, so that
 * the gateway applies them while it walks, as it applies a regex. The rules, from docs/PROTOCOL.md:
 * {@code *} matches within a name, {@code **} across folders, {@code ?} one character of a name,
 * {@code [...]} a class; a glob without a '/' matches a name at any depth, and a folder of that name stands
 * for everything in it ({@code node_modules}, {@code *.o}); a glob with a '/' is anchored at the listed folder
 * (a leading '/' only anchors); a trailing '/' matches folders only. A file is selected when it matches no
 * exclude and, if there are includes, at least one include.
 */
public final class Globs {
    private Globs() {
    }

    /**
     * The regex selecting what {@code regex} (null for any) and the globs select together; null when there is
     * no condition at all.
     */
    public static String combine(String regex, List<String> includes, List<String> excludes) {
        if (includes.isEmpty() && excludes.isEmpty()) {
            return regex;
        }
        StringBuilder r = new StringBuilder();
        if (regex != null) {
            r.append("(?=(?:").append(regex).append(")$)");
        }
        if (!excludes.isEmpty()) {
            r.append("(?!").append(alternatives(excludes)).append("$)");
        }
        r.append(includes.isEmpty() ? ".*" : alternatives(includes));
        return r.toString();
    }

    /** Checks one glob: not empty, its classes closed. */
    public static String check(String glob) {
        if (glob == null || glob.isEmpty() || glob.equals("/")) {
            throw new IllegalArgumentException("a glob must not be empty");
        }
        Pattern.compile(regexOf(glob)); // an unclosed class fails here
        return glob;
    }

    private static String alternatives(List<String> globs) {
        StringBuilder r = new StringBuilder("(?:");
        for (int i = 0; i < globs.size(); i++) {
            r.append(i == 0 ? "" : "|").append(regexOf(globs.get(i)));
        }
        return r.append(')').toString();
    }

    /** One glob as a regex over a whole relative path. */
    static String regexOf(String glob) {
        boolean folderOnly = glob.endsWith("/");
        String g = folderOnly ? glob.substring(0, glob.length() - 1) : glob;
        boolean anchored = g.startsWith("/") || g.contains("/");
        if (g.startsWith("/")) {
            g = g.substring(1);
        }
        String body = translate(g);
        String prefix = anchored ? "" : "(?:.*/)?";
        String suffix = folderOnly ? "/.*" : "(?:/.*)?";
        return "(?:" + prefix + body + suffix + ")";
    }

    private static String translate(String glob) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    boolean wholeFolders = i + 1 < glob.length() && glob.charAt(i + 1) == '/';
                    if (wholeFolders) {
                        i++;
                        r.append("(?:.*/)?"); // "**/" also matches no folder at all
                    } else {
                        r.append(".*");
                    }
                } else {
                    r.append("[^/]*");
                }
            } else if (c == '?') {
                r.append("[^/]");
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("glob " + glob + ": '[' without ']'");
                }
                String set = glob.substring(i + 1, end);
                if (set.startsWith("!")) {
                    set = "^" + set.substring(1);
                }
                r.append('[').append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                i = end;
            } else {
                r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }
}
