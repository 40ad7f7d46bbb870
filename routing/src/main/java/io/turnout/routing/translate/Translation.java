package io.turnout.routing.translate;

import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Fingerprint;

/**
 * The translator's answer for one statement (or one multi-statement string).
 *
 * @param verdict     translated, passthrough or untranslatable
 * @param reason      why (untranslatable), or a note; never null
 * @param fingerprint the statement's fingerprint; null for passthrough (the fast path does not compute it)
 * @param kind        read, write, control, other or multi
 * @param shape       the shape the SQL is written against (null for passthrough)
 * @param original    the statement as received
 * @param oldPath     the statement to run on the old shape: the original, or for SQL written against the new
 *                    shape its reverse translation
 * @param newRead     for reads: the statement on the new shape, returning the same column names, order and types
 * @param dualWrite   for writes: what to run so both shapes are written
 * @param reverse     for SQL written against the new shape: its old-shape form (equal to {@code oldPath})
 * @param migration   the id of the migration the statement touches (null for passthrough)
 * @param stickyKey   for reads: where the statement names its sticky key's value ({@code WHERE id = $1}), or null
 *                    when it does not (the read then follows the session)
 */
public record Translation(Verdict verdict, String reason, Fingerprint fingerprint, StatementKind kind, Shape shape,
        String original, String oldPath, String newRead, DualWritePlan dualWrite, String reverse, String migration,
        StickyKey stickyKey) {

    /** A translation that names no sticky key. */
    public Translation(Verdict verdict, String reason, Fingerprint fingerprint, StatementKind kind, Shape shape,
            String original, String oldPath, String newRead, DualWritePlan dualWrite, String reverse,
            String migration) {
        this(verdict, reason, fingerprint, kind, shape, original, oldPath, newRead, dualWrite, reverse, migration,
                null);
    }

    public static Translation passthrough(String sql) {
        return new Translation(Verdict.PASSTHROUGH, "mentions no migrating table", null, StatementKind.OTHER, null,
                sql, sql, null, null, null, null);
    }

    public static Translation untranslatable(String sql, Fingerprint fingerprint, StatementKind kind, String reason,
            String migration) {
        return new Translation(Verdict.UNTRANSLATABLE, reason, fingerprint, kind, null, sql, sql, null, null, null,
                migration);
    }
}
