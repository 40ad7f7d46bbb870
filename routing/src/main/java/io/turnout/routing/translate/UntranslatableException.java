package io.turnout.routing.translate;

/** The statement cannot be translated safely; the message says why and what to do. */
public final class UntranslatableException extends Exception {

    public UntranslatableException(String reason) {
        super(reason);
    }
}
