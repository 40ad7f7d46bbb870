package io.turnout.routing.model;

import java.util.List;

/** A migrations file that cannot be used; every error names the field, e.g. {@code migrations[1].to}. */
public final class SpecValidationException extends Exception {

    private final List<String> errors;

    public SpecValidationException(String source, List<String> errors) {
        super("invalid migrations in " + source + ":\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
