package io.turnout.protocol.mysql;

/**
  * A peer sent bytes that do not form a valid MySQL packet or message. The proxy turns this into an
  * ERR packet with SQLSTATE {@code 08S01} at the edge and closes that one connection.
  */
public class MySqlProtocolException extends RuntimeException {
    public MySqlProtocolException(String message) {
        super(message);
    }
}
