package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;

/** A message sent by the client (startup family included). */
public interface FrontendMessage extends PgMessage {

    /**
     * Decodes a whole typed frame (as emitted by {@code PgFrameDecoder}) without moving its reader
     * index or changing its reference count. Unknown type bytes are a protocol violation (08P01).
     *
     * <p>The meaning of 'p' depends on the authentication request the server sent last, which a
     * frame alone does not tell: it is returned as a raw {@link SaslResponse}; use
     * {@link #decodePassword} when the pending request is known.
     */
    static FrontendMessage decode(ByteBuf frame) {
        ByteBuf payload = PgWire.payload(frame);
        byte type = PgWire.type(frame);
        return switch (type) {
            case PgMessages.Frontend.BIND -> Bind.decode(payload);
            case PgMessages.Frontend.CLOSE -> Close.decode(payload);
            case PgMessages.Frontend.COPY_DATA -> CopyData.decode(payload);
            case PgMessages.Frontend.COPY_DONE -> CopyDone.decode(payload);
            case PgMessages.Frontend.COPY_FAIL -> CopyFail.decode(payload);
            case PgMessages.Frontend.DESCRIBE -> Describe.decode(payload);
            case PgMessages.Frontend.EXECUTE -> Execute.decode(payload);
            case PgMessages.Frontend.FLUSH -> Flush.decode(payload);
            case PgMessages.Frontend.FUNCTION_CALL -> FunctionCall.decode(payload);
            case PgMessages.Frontend.PARSE -> Parse.decode(payload);
            case PgMessages.Frontend.PASSWORD -> SaslResponse.decode(payload);
            case PgMessages.Frontend.QUERY -> Query.decode(payload);
            case PgMessages.Frontend.SYNC -> Sync.decode(payload);
            case PgMessages.Frontend.TERMINATE -> Terminate.decode(payload);
            default -> throw PgProtocolException.violation("unknown frontend message type " + PgWire.describeType(type));
        };
    }

    /**
     * Decodes the payload of a 'p' message as the reply to {@code pending}: PasswordMessage after
     * a cleartext or MD5 request, SASLInitialResponse after AuthenticationSASL, SASLResponse after
     * AuthenticationSASLContinue (and for GSS/SSPI data).
     */
    static FrontendMessage decodePassword(ByteBuf payload, AuthenticationRequest pending) {
        return switch (pending.subtype()) {
            case AuthenticationRequest.CLEARTEXT_PASSWORD, AuthenticationRequest.MD5_PASSWORD -> PasswordMessage.decode(payload);
            case AuthenticationRequest.SASL -> SaslInitialResponse.decode(payload);
            case AuthenticationRequest.OK, AuthenticationRequest.SASL_FINAL ->
                    throw PgProtocolException.violation("password message received but the server asked for none");
            default -> SaslResponse.decode(payload);
        };
    }
}
