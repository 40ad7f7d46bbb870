package io.turnout.proxy.admin;

/**
 * A request the admin API refuses, with its HTTP status, the field at fault (null when none) and what to do. Made
 * inside the API; turned into an {@code application/problem+json} reply only by {@link AdminHandler}.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    static ApiException badField(String field, String what) {
        return new ApiException(400, field, field + ": " + what);
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
