package io.turnout.protocol.pg.message;

import io.netty.buffer.ByteBuf;

/**
 * Which startup-phase message an untyped frame (as emitted by {@code PgStartupFrameDecoder},
 * length word included) is, told by the request code after the length.
 */
public enum StartupPacket {
    SSL_REQUEST,
    GSSENC_REQUEST,
    CANCEL_REQUEST,
    /** A StartupMessage for protocol major version 3 (any minor version). */
    STARTUP_MESSAGE,
    /** Anything else, e.g. protocol 2.0 or a request of the wrong length. */
    UNKNOWN;

    /** Classifies the frame without moving its reader index. */
    public static StartupPacket classify(ByteBuf frame) {
        if (frame.readableBytes() < 8) {
            return UNKNOWN;
        }
        int length = frame.getInt(frame.readerIndex());
        int code = frame.getInt(frame.readerIndex() + 4);
        if (length != frame.readableBytes()) {
            return UNKNOWN;
        }
        return switch (code) {
            case PgMessages.SSL_REQUEST_CODE -> length == 8 ? SSL_REQUEST : UNKNOWN;
            case PgMessages.GSSENC_REQUEST_CODE -> length == 8 ? GSSENC_REQUEST : UNKNOWN;
            case PgMessages.CANCEL_REQUEST_CODE -> length == 16 ? CANCEL_REQUEST : UNKNOWN;
            default -> (code >>> 16) == 3 ? STARTUP_MESSAGE : UNKNOWN;
        };
    }
}
