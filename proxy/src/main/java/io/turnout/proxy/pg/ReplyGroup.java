package io.turnout.proxy.pg;

/**
 * The replies to one request (or one pipeline of extended-protocol messages up to its Sync) that the proxy sent, and
 * what the client may see of them.
 */
interface ReplyGroup {

    /** What to do with a backend frame of this type, told before any of its bytes are passed on. */
    PgReplyQueue.Decision onFrame(byte type);

    /** After the frame went through; true when held replies must be released now. */
    boolean onFrameEnd(byte type);

    /** True once the group's last reply (its ReadyForQuery) went through. */
    boolean done();
}
