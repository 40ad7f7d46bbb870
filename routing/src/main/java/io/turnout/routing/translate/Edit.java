package io.turnout.routing.translate;

/** Replace the half-open range {@code [start, end)} of the original text with {@code text}; start == end inserts. */
public record Edit(int start, int end, String text) {

    public Edit {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad edit range [" + start + ", " + end + ")");
        }
    }

    public static Edit insert(int at, String text) {
        return new Edit(at, at, text);
    }

    public boolean isInsert() {
        return start == end;
    }
}
