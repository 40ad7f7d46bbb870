package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.turnout.protocol.mysql.CommandType;
import io.turnout.protocol.mysql.PacketFramer;
import io.turnout.protocol.mysql.ServerStatus;

/**
 * Follows the server's reply to one command, packet by packet, to know where it ends without decoding rows: only
 * the first byte of each packet is looked at, and the packets that may end a reply (OK, EOF, ERR, the first packet
 * of a result) are read whole. Knows the command families of the protocol:
 *
 * <pre>
 *  QUERY     OK | ERR | 0xFB (LOCAL INFILE: client data, then OK | ERR)
 *            | column count, column defs, [EOF], rows, EOF | OK(0xFE) | ERR   -- again while MORE_RESULTS_EXISTS
 *  PREPARE   ERR | PREPARE_OK, param defs, [EOF], column defs, [EOF]
 *  FETCH     rows, EOF | ERR
 *  FIELDS    column defs until EOF | ERR
 *  AUTH      anything until OK | ERR (COM_CHANGE_USER)
 *  ONE       exactly one packet;  NONE  no reply;  STREAM  never ends (binlog dumps)
 * </pre>
 */
final class ReplyReader {

    enum Kind { QUERY, PREPARE, FETCH, FIELDS, AUTH, ONE, NONE, STREAM }

    private enum State { FIRST, COLUMNS, COLUMNS_EOF, ROWS, PARAMS, PARAMS_EOF, PREPARED_COLUMNS,
        PREPARED_COLUMNS_EOF, FIELDS, AUTH, ONE, STREAM, DONE }

    private static final int PROGRESS_REPORT = 0xFFFF;

    private final Kind kind;
    private final boolean deprecateEof;
    private State state;
    private long count;
    private boolean failed;
    private int errorCode;
    private int statusFlags = -1;
    private long statementId = -1;
    private int preparedParams;
    private int preparedColumns;

    ReplyReader(Kind kind, boolean deprecateEof) {
        this.kind = kind;
        this.deprecateEof = deprecateEof;
        this.state = switch (kind) {
            case QUERY, PREPARE -> State.FIRST;
            case FETCH -> State.ROWS;
            case FIELDS -> State.FIELDS;
            case AUTH -> State.AUTH;
            case ONE -> State.ONE;
            case NONE -> State.DONE;
            case STREAM -> State.STREAM;
        };
    }

    static Kind kindOf(int command) {
        return switch (CommandType.of(command)) {
            case COM_QUERY, COM_STMT_EXECUTE, COM_PROCESS_INFO, COM_STMT_BULK_EXECUTE -> Kind.QUERY;
            case COM_STMT_PREPARE -> Kind.PREPARE;
            case COM_STMT_FETCH -> Kind.FETCH;
            case COM_FIELD_LIST -> Kind.FIELDS;
            case COM_CHANGE_USER -> Kind.AUTH;
            case COM_STMT_CLOSE, COM_STMT_SEND_LONG_DATA, COM_QUIT -> Kind.NONE;
            case COM_BINLOG_DUMP, COM_BINLOG_DUMP_GTID, COM_CLONE -> Kind.STREAM;
            default -> Kind.ONE;
        };
    }

    Kind kind() {
        return kind;
    }

    boolean done() {
        return state == State.DONE;
    }

    /** True when the reply ended in an ERR packet. */
    boolean failed() {
        return failed;
    }

    /** The server's error number when the reply ended in an ERR packet, else 0. */
    int errorCode() {
        return errorCode;
    }

    /** The status flags of the last OK or EOF of this reply, or -1. */
    int statusFlags() {
        return statusFlags;
    }

    /** For PREPARE: the server's statement id from PREPARE_OK, or -1. */
    long statementId() {
        return statementId;
    }

    int preparedParams() {
        return preparedParams;
    }

    int preparedColumns() {
        return preparedColumns;
    }

    /**
     * Whether the reply is in its rows: then every packet of a length below 0xFFFFFF whose first byte does not
     * {@link #mayEnd} them is a row, streamed and changing nothing here.
     */
    boolean inRows() {
        return state == State.ROWS;
    }

    /** Whether the packet starting with {@code firstByte} (-1 if empty) must be read whole. */
    boolean wantsWhole(int firstByte, int payloadLength) {
        if (payloadLength >= PacketFramer.MAX_PAYLOAD) {
            return false;
        }
        return switch (state) {
            case COLUMNS, PARAMS, PREPARED_COLUMNS, STREAM, DONE -> false;
            case ROWS, FIELDS -> mayEnd(firstByte);
            default -> true;
        };
    }

    /** Whether a packet among rows (or column definitions) starting with {@code firstByte} may end them: EOF, ERR. */
    static boolean mayEnd(int firstByte) {
        return firstByte == 0xFF || firstByte == 0xFE;
    }

    /** A packet that was not read whole went by. */
    void streamed() {
        switch (state) {
            case COLUMNS -> {
                if (--count == 0) {
                    state = deprecateEof ? State.ROWS : State.COLUMNS_EOF;
                }
            }
            case PARAMS -> {
                if (--count == 0) {
                    state = deprecateEof ? afterParams() : State.PARAMS_EOF;
                }
            }
            case PREPARED_COLUMNS -> {
                if (--count == 0) {
                    state = deprecateEof ? State.DONE : State.PREPARED_COLUMNS_EOF;
                }
            }
            default -> { }
        }
    }

    /** A packet read whole; {@code payload} starts at its first byte and is not consumed. */
    void whole(ByteBuf payload) {
        int first = payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
        if (first == 0xFF && state != State.ONE && state != State.STREAM) {
            if (payload.readableBytes() >= 3 && payload.getUnsignedShortLE(payload.readerIndex() + 1) == PROGRESS_REPORT
                    && state == State.FIRST) {
                return; // MariaDB progress report, the reply goes on
            }
            failed = true;
            errorCode = payload.readableBytes() >= 3 ? payload.getUnsignedShortLE(payload.readerIndex() + 1) : 0;
            state = State.DONE;
            return;
        }
        switch (state) {
            case FIRST -> first(payload, first);
            case COLUMNS_EOF -> {
                statusFlags = ServerStatus.at(payload, ServerStatus.offsetInEof(payload));
                state = (statusFlags & ServerStatus.CURSOR_EXISTS) != 0 ? State.DONE : State.ROWS;
            }
            case ROWS -> terminator(payload);
            case PARAMS_EOF -> state = afterParams();
            case PREPARED_COLUMNS_EOF, FIELDS -> state = State.DONE;
            case AUTH -> {
                if (first == 0x00) {
                    statusFlags = ServerStatus.at(payload, ServerStatus.offsetInOk(payload));
                    state = State.DONE;
                }
            }
            case ONE -> {
                if (first == 0xFF) {
                    failed = true;
                } else if (first == 0x00 && payload.readableBytes() >= 7) {
                    statusFlags = ServerStatus.at(payload, ServerStatus.offsetInOk(payload));
                } else if (first == 0xFE && payload.readableBytes() < 9) {
                    statusFlags = ServerStatus.at(payload, ServerStatus.offsetInEof(payload));
                }
                state = State.DONE;
            }
            default -> streamed();
        }
    }

    private void first(ByteBuf payload, int first) {
        if (kind == Kind.PREPARE) {
            if (first != 0x00 || payload.readableBytes() < 9) {
                state = State.DONE;
                return;
            }
            int i = payload.readerIndex();
            statementId = payload.getUnsignedIntLE(i + 1);
            preparedColumns = payload.getUnsignedShortLE(i + 5);
            preparedParams = payload.getUnsignedShortLE(i + 7);
            count = preparedParams;
            state = preparedParams > 0 ? State.PARAMS : afterParams();
            return;
        }
        if (first == 0x00) {
            moreResultsOrDone(ServerStatus.at(payload, ServerStatus.offsetInOk(payload)));
        } else if (first == 0xFB) {
            state = State.FIRST; // LOCAL INFILE: the client sends the file, then comes OK or ERR
        } else {
            count = columnCount(payload, first);
            state = count > 0 ? State.COLUMNS : State.DONE;
        }
    }

    private void terminator(ByteBuf payload) {
        int offset = deprecateEof ? ServerStatus.offsetInOk(payload) : ServerStatus.offsetInEof(payload);
        int flags = ServerStatus.at(payload, offset);
        if (flags >= 0 && (flags & ServerStatus.CURSOR_EXISTS) != 0 && (flags & ServerStatus.MORE_RESULTS_EXISTS) == 0) {
            statusFlags = flags;
            state = State.DONE;
            return;
        }
        moreResultsOrDone(flags);
    }

    private void moreResultsOrDone(int flags) {
        statusFlags = flags;
        state = flags >= 0 && (flags & ServerStatus.MORE_RESULTS_EXISTS) != 0 ? State.FIRST : State.DONE;
    }

    private State afterParams() {
        count = preparedColumns;
        return preparedColumns > 0 ? State.PREPARED_COLUMNS : State.DONE;
    }

    private static long columnCount(ByteBuf payload, int first) {
        int i = payload.readerIndex();
        return switch (first) {
            case 0xFC -> payload.readableBytes() >= 3 ? payload.getUnsignedShortLE(i + 1) : 0;
            case 0xFD -> payload.readableBytes() >= 4 ? payload.getUnsignedMediumLE(i + 1) : 0;
            case 0xFE -> payload.readableBytes() >= 9 ? payload.getLongLE(i + 1) : 0;
            default -> first;
        };
    }
}
