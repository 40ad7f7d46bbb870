package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * NegotiateProtocolVersion ('v', backend): {@code Int32 newest minor version supported},
 * {@code Int32 count}, then the protocol options (names starting with {@code _pq_.}) not recognized.
 */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions) implements BackendMessage {

    public NegotiateProtocolVersion {
        unrecognizedOptions = List.copyOf(unrecognizedOptions);
    }

    /** Decodes the payload (after the type byte and length). */
    public static NegotiateProtocolVersion decode(ByteBuf payload) {
        int minor = PgWire.readInt32(payload);
        int count = PgWire.readInt32(payload);
        if (count < 0 || count > payload.readableBytes()) {
            throw PgProtocolException.violation("NegotiateProtocolVersion option count " + count + " is invalid");
        }
        List<String> options = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            options.add(PgWire.readString(payload));
        }
        PgWire.requireFullyRead(payload, "NegotiateProtocolVersion");
        return new NegotiateProtocolVersion(minor, options);
    }

    /** Writes the whole frame. */
    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = PgWire.beginMessage(out, PgMessages.Backend.NEGOTIATE_PROTOCOL_VERSION);
        out.writeInt(newestMinorVersion);
        out.writeInt(unrecognizedOptions.size());
        for (String option : unrecognizedOptions) {
            PgWire.writeString(out, option);
        }
        PgWire.endMessage(out, lengthIndex);
    }
}
