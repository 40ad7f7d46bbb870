package io.turnout.proxy.mysql;

/**
 * A failure the proxy reports to one client as an ERR packet (code, SQLSTATE, message) before closing that
 * connection. Created where the problem is found; turned into bytes only by {@link ErrFrames}.
 */
public final class MySqlProxyException extends RuntimeException {
    /** ER_CON_COUNT_ERROR */
    public static final int TOO_MANY_CONNECTIONS = 1040;
    /** ER_NET_PACKET_TOO_LARGE */
    public static final int PACKET_TOO_LARGE = 1153;
    /** ER_NET_READ_ERROR, used for malformed packets */
    public static final int MALFORMED_PACKET = 1158;
    /** CR_CONN_HOST_ERROR */
    public static final int UPSTREAM_UNREACHABLE = 2003;
    /** CR_SERVER_LOST */
    public static final int UPSTREAM_LOST = 2013;
    /** ER_NO_SUCH_THREAD */
    public static final int NO_SUCH_THREAD = 1094;
    /** ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8.0.24+) */
    public static final int IDLE_TIMEOUT = 4031;
    /** ER_SERVER_SHUTDOWN */
    public static final int SHUTDOWN = 1053;
    /** ER_NOT_SUPPORTED_YET */
    public static final int UNSUPPORTED_STATEMENT = 1235;
    /** CR_SSL_CONNECTION_ERROR */
    public static final int TLS_FAILED = 2026;

    private final int errorCode;
    private final String sqlState;

    public MySqlProxyException(int errorCode, String sqlState, String message) {
        super(message);
        this.errorCode = errorCode;
        this.sqlState = sqlState;
    }

    public static MySqlProxyException badInput(String what) {
        return new MySqlProxyException(MALFORMED_PACKET, "08S01", "Turnout: malformed packet from client: " + what
                + "; the connection is closed");
    }

    public int errorCode() {
        return errorCode;
    }

    public String sqlState() {
        return sqlState;
    }
}
