package io.turnout.routing.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * The skeleton of one INSERT / REPLACE / UPDATE / DELETE, as token index ranges {@code [from, to)} of the original
 * (-1 when absent). Clauses Calcite cannot parse (ON CONFLICT, ON DUPLICATE KEY UPDATE, RETURNING, UPDATE ... FROM,
 * DELETE ... USING, ORDER BY / LIMIT on writes, INSERT ... SET) are found here by the scanner instead.
 */
final class Dml {

    enum Verb { INSERT, REPLACE, UPDATE, DELETE }

    /** {@code target = value}; the target may be qualified. */
    record Assignment(int targetFrom, int targetTo, int valueFrom, int valueTo) {
    }

    Verb verb;
    boolean ignore;
    /** Tokens naming the target table (schema included); for multi-table UPDATE the whole table list. */
    int tableFrom = -1;
    int tableTo = -1;
    /** The target's alias token, or -1. */
    int alias = -1;
    /** End of the target reference (table, optional alias). */
    int targetTo = -1;
    boolean multiTable;
    /** INSERT column list: token index of each column; null when there is none. */
    List<Integer> insertColumns;
    int columnListClose = -1;
    /** VALUES rows: each a list of value ranges; the row's closing parenthesis is {@code rowCloses}. */
    final List<List<int[]>> rows = new ArrayList<>();
    final List<Integer> rowCloses = new ArrayList<>();
    int queryFrom = -1;
    int queryTo = -1;
    boolean defaultValues;
    /** INSERT ... SET or UPDATE ... SET. */
    final List<Assignment> set = new ArrayList<>();
    /** ON CONFLICT (PostgreSQL) or ON DUPLICATE KEY UPDATE (MySQL): the whole clause. */
    int conflictFrom = -1;
    int conflictTo = -1;
    int conflictTargetFrom = -1;
    int conflictTargetTo = -1;
    final List<Assignment> conflictSet = new ArrayList<>();
    int conflictWhereFrom = -1;
    int conflictWhereTo = -1;
    boolean odku;
    /** ON CONFLICT ON CONSTRAINT name: the constraint belongs to one table. */
    boolean conflictConstraint;
    int fromListFrom = -1;
    int fromListTo = -1;
    int whereFrom = -1;
    int whereTo = -1;
    int orderFrom = -1;
    int orderTo = -1;
    int limitFrom = -1;
    int limitTo = -1;
    int returningFrom = -1;
    int returningTo = -1;
    int end;
}
