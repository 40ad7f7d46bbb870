package io.turnout.protocol.pg.codec;

import io.netty.handler.codec.DecoderException;

/**
 * A violation of the PostgreSQL wire protocol, carrying the SQLSTATE the edge should report
 * (usually {@code 08P01}, protocol_violation).
 *
 * <p>It extends Netty's {@link DecoderException} (itself a {@link RuntimeException}) so that
 * {@code ByteToMessageDecoder} passes it to {@code exceptionCaught} as is instead of wrapping it:
 * the handler can {@code instanceof PgProtocolException} and answer with an ErrorResponse.
 */
public class PgProtocolException extends DecoderException {

    /** SQLSTATE 08P01, protocol_violation. */
    public static final String PROTOCOL_VIOLATION = "08P01";

    private final String sqlState;

    public PgProtocolException(String sqlState, String message) {
        super(message);
        this.sqlState = requireSqlState(sqlState);
    }

    public PgProtocolException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = requireSqlState(sqlState);
    }

    /** A protocol violation (SQLSTATE 08P01). */
    public static PgProtocolException violation(String message) {
        return new PgProtocolException(PROTOCOL_VIOLATION, message);
    }

    /** The five-character SQLSTATE code, e.g. {@code 08P01}. */
    public String sqlState() {
        return sqlState;
    }

    private static String requireSqlState(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must be 5 characters, got: " + sqlState);
        }
        return sqlState;
    }
}
