package io.turnout.proxy.state;

/** The state store could not be reached or used; the change was not made (the admin API answers 503). */
public final class StateStoreException extends RuntimeException {

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
