package io.turnout.protocol.pg.message;

/**
 * Type bytes and request codes of the PostgreSQL protocol 3.0, named as in the documentation
 * ("Message Formats"). Some bytes mean different messages in each direction ('D' is Describe from
 * the client and DataRow from the server), hence one holder per direction.
 */
public final class PgMessages {

    /** Protocol version 3.0 as sent in StartupMessage. */
    public static final int PROTOCOL_3_0 = 196608;
    /** Request code of SSLRequest (1234 &lt;&lt; 16 | 5679). */
    public static final int SSL_REQUEST_CODE = 80877103;
    /** Request code of GSSENCRequest (1234 &lt;&lt; 16 | 5680). */
    public static final int GSSENC_REQUEST_CODE = 80877104;
    /** Request code of CancelRequest (1234 &lt;&lt; 16 | 5678). */
    public static final int CANCEL_REQUEST_CODE = 80877102;

    private PgMessages() {
    }

    /** Type bytes of messages sent by the client. */
    public static final class Frontend {
        public static final byte BIND = 'B';
        public static final byte CLOSE = 'C';
        public static final byte COPY_DATA = 'd';
        public static final byte COPY_DONE = 'c';
        public static final byte COPY_FAIL = 'f';
        public static final byte DESCRIBE = 'D';
        public static final byte EXECUTE = 'E';
        public static final byte FLUSH = 'H';
        public static final byte FUNCTION_CALL = 'F';
        public static final byte PARSE = 'P';
        /** PasswordMessage, SASLInitialResponse, SASLResponse and GSSResponse all use 'p'. */
        public static final byte PASSWORD = 'p';
        public static final byte QUERY = 'Q';
        public static final byte SYNC = 'S';
        public static final byte TERMINATE = 'X';

        private static final String KNOWN = "BCdcfDEHFPpQSX";

        private Frontend() {
        }

        /** True for a type byte a client may send after startup; anything else is a protocol violation. */
        public static boolean isKnown(byte type) {
            return type > 0 && KNOWN.indexOf(type) >= 0;
        }
    }

    /** Type bytes of messages sent by the server. */
    public static final class Backend {
        public static final byte AUTHENTICATION = 'R';
        public static final byte BACKEND_KEY_DATA = 'K';
        public static final byte BIND_COMPLETE = '2';
        public static final byte CLOSE_COMPLETE = '3';
        public static final byte COMMAND_COMPLETE = 'C';
        public static final byte COPY_DATA = 'd';
        public static final byte COPY_DONE = 'c';
        public static final byte COPY_IN_RESPONSE = 'G';
        public static final byte COPY_OUT_RESPONSE = 'H';
        public static final byte COPY_BOTH_RESPONSE = 'W';
        public static final byte DATA_ROW = 'D';
        public static final byte EMPTY_QUERY_RESPONSE = 'I';
        public static final byte ERROR_RESPONSE = 'E';
        public static final byte FUNCTION_CALL_RESPONSE = 'V';
        public static final byte NEGOTIATE_PROTOCOL_VERSION = 'v';
        public static final byte NO_DATA = 'n';
        public static final byte NOTICE_RESPONSE = 'N';
        public static final byte NOTIFICATION_RESPONSE = 'A';
        public static final byte PARAMETER_DESCRIPTION = 't';
        public static final byte PARAMETER_STATUS = 'S';
        public static final byte PARSE_COMPLETE = '1';
        public static final byte PORTAL_SUSPENDED = 's';
        public static final byte READY_FOR_QUERY = 'Z';
        public static final byte ROW_DESCRIPTION = 'T';

        private static final String KNOWN = "RK23CdcGHWDIEVvnNAtS1sZT";

        private Backend() {
        }

        /** True for a type byte a server may send. */
        public static boolean isKnown(byte type) {
            return type > 0 && KNOWN.indexOf(type) >= 0;
        }
    }
}
