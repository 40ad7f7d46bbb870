package io.turnout.protocol.pg.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.turnout.protocol.pg.message.PgMessage;

/**
 * Writes {@link PgMessage} records as whole frames. Stateless, so one instance can serve every
 * pipeline. Raw {@code ByteBuf} frames (pass-through traffic) are not touched by it.
 */
@Sharable
public final class PgMessageEncoder extends MessageToByteEncoder<PgMessage> {

    public PgMessageEncoder() {
        super(PgMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, PgMessage message, ByteBuf out) {
        message.encode(out);
    }
}
