package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Authentication* family ('R', backend): {@code Int32 subtype} then subtype-specific data.
 * Byte arrays are not copied by the records; treat them as read-only.
 */
public sealed interface AuthenticationRequest extends BackendMessage {

    int OK = 0;
    int KERBEROS_V5 = 2;
    int CLEARTEXT_PASSWORD = 3;
    int MD5_PASSWORD = 5;
    int GSS = 7;
    int GSS_CONTINUE = 8;
    int SSPI = 9;
    int SASL = 10;
    int SASL_CONTINUE = 11;
    int SASL_FINAL = 12;

    /** The subtype code on the wire. */
    int subtype();

    /** Writes the whole frame. */
    @Override
    default void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.AUTHENTICATION);
        out.writeInt(subtype());
        encodeData(out);
        PgWire.endMessage(out, lengthIndex);
    }

    /** Writes what follows the subtype. */
    void encodeData(ByteBuf out);

    /** Decodes the payload (after the type byte and length). */
    static AuthenticationRequest decode(ByteBuf payload) {
        int subtype = PgWire.readInt32(payload);
        AuthenticationRequest request = switch (subtype) {
            case OK -> Ok.INSTANCE;
            case CLEARTEXT_PASSWORD -> CleartextPassword.INSTANCE;
            case MD5_PASSWORD -> new Md5Password(PgWire.readBytes(payload, 4));
            case SASL -> new Sasl(readMechanisms(payload));
            case SASL_CONTINUE -> new SaslContinue(PgWire.readRemaining(payload));
            case SASL_FINAL -> new SaslFinal(PgWire.readRemaining(payload));
            default -> new Other(subtype, PgWire.readRemaining(payload));
        };
        PgWire.requireFullyRead(payload, "Authentication request " + subtype);
        return request;
    }

    private static List<String> readMechanisms(ByteBuf payload) {
        List<String> mechanisms = new ArrayList<>();
        while (true) {
            String mechanism = PgWire.readString(payload);
            if (mechanism.isEmpty()) {
                return mechanisms;
            }
            mechanisms.add(mechanism);
        }
    }

    /** AuthenticationOk (0). */
    final class Ok implements AuthenticationRequest {
        public static final Ok INSTANCE = new Ok();

        private Ok() {
        }

        @Override
        public int subtype() {
            return OK;
        }

        @Override
        public void encodeData(ByteBuf out) {
        }

        @Override
        public String toString() {
            return "AuthenticationOk";
        }
    }

    /** AuthenticationCleartextPassword (3). */
    final class CleartextPassword implements AuthenticationRequest {
        public static final CleartextPassword INSTANCE = new CleartextPassword();

        private CleartextPassword() {
        }

        @Override
        public int subtype() {
            return CLEARTEXT_PASSWORD;
        }

        @Override
        public void encodeData(ByteBuf out) {
        }

        @Override
        public String toString() {
            return "AuthenticationCleartextPassword";
        }
    }

    /** AuthenticationMD5Password (5) with its 4-byte salt. */
    record Md5Password(byte[] salt) implements AuthenticationRequest {
        public Md5Password {
            if (salt.length != 4) {
                throw new IllegalArgumentException("MD5 salt must be 4 bytes, got " + salt.length);
            }
        }

        @Override
        public int subtype() {
            return MD5_PASSWORD;
        }

        @Override
        public void encodeData(ByteBuf out) {
            out.writeBytes(salt);
        }
    }

    /** AuthenticationSASL (10) with the mechanisms the server offers, e.g. SCRAM-SHA-256, SCRAM-SHA-256-PLUS. */
    record Sasl(List<String> mechanisms) implements AuthenticationRequest {
        public Sasl {
            mechanisms = List.copyOf(mechanisms);
        }

        @Override
        public int subtype() {
            return SASL;
        }

        @Override
        public void encodeData(ByteBuf out) {
            for (String mechanism : mechanisms) {
                PgWire.writeString(out, mechanism);
            }
            out.writeByte(0);
        }
    }

    /** AuthenticationSASLContinue (11): the server-first-message of SCRAM. */
    record SaslContinue(byte[] data) implements AuthenticationRequest {
        @Override
        public int subtype() {
            return SASL_CONTINUE;
        }

        @Override
        public void encodeData(ByteBuf out) {
            out.writeBytes(data);
        }
    }

    /** AuthenticationSASLFinal (12): the server-final-message of SCRAM. */
    record SaslFinal(byte[] data) implements AuthenticationRequest {
        @Override
        public int subtype() {
            return SASL_FINAL;
        }

        @Override
        public void encodeData(ByteBuf out) {
            out.writeBytes(data);
        }
    }

    /** Any other subtype (KerberosV5, GSS, GSSContinue, SSPI, ...) kept as raw data. */
    record Other(int subtype, byte[] data) implements AuthenticationRequest {
        @Override
        public void encodeData(ByteBuf out) {
            out.writeBytes(data);
        }
    }
}
