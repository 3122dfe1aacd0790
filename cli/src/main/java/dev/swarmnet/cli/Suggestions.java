package dev.swarmnet.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The commands a mistyped command name most likely meant, by edit distance: picocli's own suggestions rank
 * by the letter pairs two words share, which sends {@code gte} to {@code gateway} rather than {@code get}.
 */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * The names nearest to {@code word}, in their order, if they are near enough to be a typo of it: one edit
     * for a word of up to four letters, two for a longer one (an edit: a letter added, dropped, changed, or
     * two neighbours swapped). Empty when none is.
     */
    static List<String> closest(String word, Collection<String> names) {
        int most = word.length() <= 4 ? 1 : 2;
        int best = most + 1;
        List<String> nearest = new ArrayList<>();
        for (String name : names) {
            int d = distance(word, name);
            if (d < best) {
                best = d;
                nearest.clear();
            }
            if (d == best) {
                nearest.add(name);
            }
        }
        return nearest;
    }

    /** The optimal string alignment distance: Levenshtein's, with a swap of two neighbours as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
