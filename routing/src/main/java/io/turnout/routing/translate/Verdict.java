package io.turnout.routing.translate;

/** What the translator decided for a statement. */
public enum Verdict {
    /** The statement touches a migration and comes with old-path, new-path and dual-write forms. */
    TRANSLATED,
    /** The statement touches no migration: send it unchanged (it was not parsed). */
    PASSTHROUGH,
    /** The statement touches a migration but cannot be translated safely; {@code reason} says why. */
    UNTRANSLATABLE
}
