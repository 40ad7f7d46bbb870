package io.turnout.routing.translate;

import java.util.Arrays;

/**
 * Text handed to Calcite for analysis, built from pieces of the original statement (each character remembers its
 * original offset) and synthetic glue (offset -1). Masking keeps lengths, so parser positions map back exactly.
 */
final class AnalysisText {

    private final StringBuilder text = new StringBuilder();
    private int[] origin = new int[64];
    private int[] lineStarts;

    /** Copies {@code original[from, to)} unchanged. */
    AnalysisText copy(String original, int from, int to) {
        for (int i = from; i < to; i++) {
            put(original.charAt(i), i);
        }
        return this;
    }

    /** Copies the range as spaces (keeping line breaks), e.g. for comments and clauses Calcite cannot parse. */
    AnalysisText blank(String original, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = original.charAt(i);
            put(c == '\n' || c == '\r' ? c : ' ', i);
        }
        return this;
    }

    /** Puts {@code replacement} (no longer than the range) over the range, padded with spaces. */
    AnalysisText mask(String original, int from, int to, String replacement) {
        for (int i = from; i < to; i++) {
            int k = i - from;
            put(k < replacement.length() ? replacement.charAt(k) : ' ', i);
        }
        return this;
    }

    /** Appends glue that maps to no original position. */
    AnalysisText synthetic(String glue) {
        for (int i = 0; i < glue.length(); i++) {
            put(glue.charAt(i), -1);
        }
        return this;
    }

    private void put(char c, int originalOffset) {
        if (text.length() == origin.length) {
            origin = Arrays.copyOf(origin, origin.length * 2);
        }
        origin[text.length()] = originalOffset;
        text.append(c);
        lineStarts = null;
    }

    String text() {
        return text.toString();
    }

    int length() {
        return text.length();
    }

    /** Original offset of the analysis character at (1-based line, 1-based column), or -1 for glue. */
    int originAt(int line, int column) {
        int offset = offsetOf(line, column);
        return offset < 0 || offset >= text.length() ? -1 : origin[offset];
    }

    int offsetOf(int line, int column) {
        if (lineStarts == null) {
            lineStarts = computeLineStarts();
        }
        if (line < 1 || line > lineStarts.length) {
            return -1;
        }
        return lineStarts[line - 1] + column - 1;
    }

    private int[] computeLineStarts() {
        int[] starts = new int[8];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineEnd = c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
            if (lineEnd) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }
}
