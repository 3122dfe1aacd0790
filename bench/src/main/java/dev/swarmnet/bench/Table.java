package dev.swarmnet.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects every repeat of every metric per system and renders the medians side by side,
 * followed by the swarmnet/raw and swarmnet/grpc ratios, as plain text or Markdown.
 */
final class Table {

    private final List<String> systems;
    private final Map<String, Map<Metric, List<Double>>> values = new LinkedHashMap<>();

    Table(List<String> systems) {
        this.systems = List.copyOf(systems);
        for (String system : systems) {
            values.put(system, new EnumMap<>(Metric.class));
        }
    }

    void record(String system, Metric metric, double value) {
        values.get(system).computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
    }

    /** Median of the recorded repeats, or NaN when the system did not run. */
    double median(String system, Metric metric) {
        List<Double> repeats = values.getOrDefault(system, Map.of()).get(metric);
        if (repeats == null || repeats.isEmpty()) {
            return Double.NaN;
        }
        return Stats.median(repeats.stream().mapToDouble(Double::doubleValue).toArray());
    }

    String render(boolean markdown) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(header());
        for (Metric metric : Metric.values()) {
            rows.add(row(metric));
        }
        return markdown ? markdown(rows) : aligned(rows);
    }

    private List<String> header() {
        List<String> cells = new ArrayList<>();
        cells.add("metric (median of repeats)");
        cells.addAll(systems);
        for (String other : ratioBases()) {
            cells.add("swarmnet/" + other);
        }
        return cells;
    }

    private List<String> row(Metric metric) {
        List<String> cells = new ArrayList<>();
        cells.add(metric.title());
        for (String system : systems) {
            double median = median(system, metric);
            cells.add(Double.isNaN(median) ? "-" : metric.format(median));
        }
        for (String other : ratioBases()) {
            double ratio = median("swarmnet", metric) / median(other, metric);
            cells.add(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio));
        }
        return cells;
    }

    /** Ratios only make sense when swarmnet and the other system both ran. */
    private List<String> ratioBases() {
        if (!systems.contains("swarmnet")) {
            return List.of();
        }
        return systems.stream().filter(s -> !s.equals("swarmnet")).toList();
    }

    private static String markdown(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        appendMarkdownRow(out, rows.get(0));
        List<String> rule = new ArrayList<>();
        rule.add("---");
        for (int i = 1; i < rows.get(0).size(); i++) {
            rule.add("---:"); // numbers read best right-aligned
        }
        appendMarkdownRow(out, rule);
        for (List<String> row : rows.subList(1, rows.size())) {
            appendMarkdownRow(out, row);
        }
        return out.toString();
    }

    private static void appendMarkdownRow(StringBuilder out, List<String> cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static String aligned(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                // First column left-aligned (labels), the rest right-aligned (numbers).
                String format = i == 0 ? "%-" + widths[i] + "s" : "  %" + widths[i] + "s";
                out.append(String.format(Locale.ROOT, format, row.get(i)));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
