package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.pg.codec.PgProtocolException;

/** A message sent by the server. */
public interface BackendMessage extends PgMessage {

    /**
     * Decodes a whole typed frame (as emitted by {@code PgFrameDecoder}) without moving its reader
     * index or changing its reference count. Unknown type bytes are a protocol violation (08P01).
     */
    static BackendMessage decode(ByteBuf frame) {
        ByteBuf payload = PgWire.payload(frame);
        byte type = PgWire.type(frame);
        return switch (type) {
            case PgMessages.Backend.AUTHENTICATION -> AuthenticationRequest.decode(payload);
            case PgMessages.Backend.BACKEND_KEY_DATA -> BackendKeyData.decode(payload);
            case PgMessages.Backend.BIND_COMPLETE -> BindComplete.decode(payload);
            case PgMessages.Backend.CLOSE_COMPLETE -> CloseComplete.decode(payload);
            case PgMessages.Backend.COMMAND_COMPLETE -> CommandComplete.decode(payload);
            case PgMessages.Backend.COPY_DATA -> CopyData.decode(payload);
            case PgMessages.Backend.COPY_DONE -> CopyDone.decode(payload);
            case PgMessages.Backend.COPY_IN_RESPONSE -> CopyInResponse.decode(payload);
            case PgMessages.Backend.COPY_OUT_RESPONSE -> CopyOutResponse.decode(payload);
            case PgMessages.Backend.COPY_BOTH_RESPONSE -> CopyBothResponse.decode(payload);
            case PgMessages.Backend.DATA_ROW -> DataRow.decode(payload);
            case PgMessages.Backend.EMPTY_QUERY_RESPONSE -> EmptyQueryResponse.decode(payload);
            case PgMessages.Backend.ERROR_RESPONSE -> ErrorResponse.decode(payload);
            case PgMessages.Backend.FUNCTION_CALL_RESPONSE -> FunctionCallResponse.decode(payload);
            case PgMessages.Backend.NEGOTIATE_PROTOCOL_VERSION -> NegotiateProtocolVersion.decode(payload);
            case PgMessages.Backend.NO_DATA -> NoData.decode(payload);
            case PgMessages.Backend.NOTICE_RESPONSE -> NoticeResponse.decode(payload);
            case PgMessages.Backend.NOTIFICATION_RESPONSE -> NotificationResponse.decode(payload);
            case PgMessages.Backend.PARAMETER_DESCRIPTION -> ParameterDescription.decode(payload);
            case PgMessages.Backend.PARAMETER_STATUS -> ParameterStatus.decode(payload);
            case PgMessages.Backend.PARSE_COMPLETE -> ParseComplete.decode(payload);
            case PgMessages.Backend.PORTAL_SUSPENDED -> PortalSuspended.decode(payload);
            case PgMessages.Backend.READY_FOR_QUERY -> ReadyForQuery.decode(payload);
            case PgMessages.Backend.ROW_DESCRIPTION -> RowDescription.decode(payload);
            default -> throw PgProtocolException.violation("unknown backend message type " + PgWire.describeType(type));
        };
    }
}
