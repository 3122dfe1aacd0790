package dev.swarmnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders rows of text cells as an aligned plain-text table or as Markdown; the first row is the header. */
final class TextTable {

    private TextTable() {
    }

    /** @param rightAligned indexes of the columns holding numbers */
    static String render(List<List<String>> rows, boolean markdown, int... rightAligned) {
        int columns = rows.get(0).size();
        boolean[] right = new boolean[columns];
        for (int i : rightAligned) {
            right[i] = true;
        }
        return markdown ? markdown(rows, right) : aligned(rows, right);
    }

    private static String markdown(List<List<String>> rows, boolean[] right) {
        StringBuilder out = new StringBuilder();
        appendRow(out, rows.get(0));
        List<String> rule = new ArrayList<>();
        for (boolean r : right) {
            rule.add(r ? "---:" : "---");
        }
        appendRow(out, rule);
        for (List<String> row : rows.subList(1, rows.size())) {
            List<String> escaped = new ArrayList<>();
            for (String cell : row) {
                escaped.add(cell.replace("|", "\\|"));
            }
            appendRow(out, escaped);
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static String aligned(List<List<String>> rows, boolean[] right) {
        int[] widths = new int[right.length];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String format = (i == 0 ? "" : "  ") + "%" + (right[i] ? "" : "-") + widths[i] + "s";
                line.append(String.format(Locale.ROOT, format, row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
