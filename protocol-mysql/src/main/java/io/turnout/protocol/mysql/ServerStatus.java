package io.turnout.protocol.mysql;

import io.netty.buffer.ByteBuf;

/** Server status flags of OK and EOF packets, and where they sit in those packets. */
public final class ServerStatus {
    public static final int IN_TRANS = 0x0001;
    public static final int AUTOCOMMIT = 0x0002;
    public static final int MORE_RESULTS_EXISTS = 0x0008;
    public static final int CURSOR_EXISTS = 0x0040;

    private ServerStatus() {}

    /**
     * Offset of the int&lt;2&gt; status flags inside an OK payload (header, two length-encoded integers), or -1 when
     * the payload is too short to hold them.
     */
    public static int offsetInOk(ByteBuf payload) {
        int i = payload.readerIndex() + 1;
        for (int n = 0; n < 2; n++) {
            if (i >= payload.writerIndex()) {
                return -1;
            }
            int first = payload.getUnsignedByte(i);
            i += switch (first) {
                case 0xFC -> 3;
                case 0xFD -> 4;
                case 0xFE -> 9;
                default -> 1;
            };
        }
        return i + 2 <= payload.writerIndex() ? i : -1;
    }

    /** Offset of the status flags inside an EOF payload (0xFE, warnings, status), or -1 when too short. */
    public static int offsetInEof(ByteBuf payload) {
        int i = payload.readerIndex() + 3;
        return i + 2 <= payload.writerIndex() ? i : -1;
    }

    /** The status flags at {@code offset} (from one of the offset methods), or -1 for offset -1. */
    public static int at(ByteBuf payload, int offset) {
        return offset < 0 ? -1 : payload.getUnsignedShortLE(offset);
    }
}
