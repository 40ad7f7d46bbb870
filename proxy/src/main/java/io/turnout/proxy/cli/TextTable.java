package io.turnout.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Human-readable output of the admin CLI: aligned tables, and {@code key: value} blocks for one object. */
final class TextTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    TextTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "-" : c.toString());
        }
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        for (List<String> r : rows) {
            line(sb, r, width);
        }
        if (rows.isEmpty()) {
            sb.append("(none)\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            l.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + width[i] + "s  ", cells.get(i)));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** A JSON object as {@code key: value} lines, nested objects flattened with dots. */
    static String block(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        List<String[]> pairs = new ArrayList<>();
        flatten("", n, pairs);
        int w = pairs.stream().mapToInt(p -> p[0].length()).max().orElse(0);
        for (String[] p : pairs) {
            sb.append(String.format("%-" + w + "s  %s%n", p[0], p[1]));
        }
        return sb.toString();
    }

    private static void flatten(String prefix, JsonNode n, List<String[]> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.add(new String[] {prefix, n.isNull() ? "-" : n.isTextual() ? n.asText() : n.toString()});
        }
    }

    /** A percentage without a needless ".0". */
    static String pct(JsonNode n) {
        double d = n.asDouble();
        return (d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d)) + "%";
    }
}
