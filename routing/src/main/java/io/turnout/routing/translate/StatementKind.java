package io.turnout.routing.translate;

/** The broad kind of a statement, as far as routing cares. */
public enum StatementKind {
    READ,
    WRITE,
    /** Transaction control and session statements (BEGIN, COMMIT, SET ...). */
    CONTROL,
    /** Anything else (DDL, COPY, LOAD DATA ...). */
    OTHER,
    /** Several statements in one string. */
    MULTI
}
