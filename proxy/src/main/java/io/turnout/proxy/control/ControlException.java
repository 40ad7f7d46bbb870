package io.turnout.proxy.control;

/** A control-plane request that cannot be done, with what kind of failure it is (the admin API maps it to HTTP). */
public final class ControlException extends RuntimeException {

    /** Why it failed. */
    public enum Kind {
        /** The request itself is wrong (a field is missing or out of range): HTTP 400. */
        INVALID,
        /** No such migration: HTTP 404. */
        NOT_FOUND,
        /** Not possible in the current state, or the state changed meanwhile: HTTP 409. */
        CONFLICT
    }

    private final Kind kind;

    public ControlException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static ControlException invalid(String message) {
        return new ControlException(Kind.INVALID, message);
    }

    static ControlException conflict(String message) {
        return new ControlException(Kind.CONFLICT, message);
    }

    static ControlException notFound(String id) {
        return new ControlException(Kind.NOT_FOUND, "no migration with id '" + id + "'");
    }
}
