package io.turnout.routing.model;

/** The two shapes of the data while a migration runs. */
public enum Shape {
    /** The schema before the migration (what existing clients are written against). */
    OLD,
    /** The schema after the migration (expand DDL applied). */
    NEW
}
