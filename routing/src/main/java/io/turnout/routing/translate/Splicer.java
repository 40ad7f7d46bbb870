package io.turnout.routing.translate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies edits to the original text: sorts them by position (insertions at one point keep their order), rejects
 * overlaps, and copies every byte between edits unchanged.
 */
public final class Splicer {

    private Splicer() {
    }

    public static String apply(String original, List<Edit> edits) throws UntranslatableException {
        if (edits.isEmpty()) {
            return original;
        }
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(e -> e.isInsert() ? 0 : 1));
        StringBuilder out = new StringBuilder(original.length() + 32 * sorted.size());
        int copied = 0;
        Edit previous = null;
        for (Edit edit : sorted) {
            if (edit.end() > original.length()) {
                throw new IllegalArgumentException("edit beyond the text: " + edit);
            }
            if (edit.start() < copied || (previous != null && !previous.isInsert() && !edit.isInsert()
                    && edit.start() < previous.end())) {
                throw new UntranslatableException("two rewrites overlap at offset " + edit.start()
                        + " ('" + original.substring(Math.min(edit.start(), copied), Math.max(edit.end(), copied))
                        + "'); refusing to guess which one wins");
            }
            out.append(original, copied, edit.start()).append(edit.text());
            copied = edit.end();
            previous = edit;
        }
        return out.append(original, copied, original.length()).toString();
    }
}
