package io.turnout.protocol.pg.codec;

import static io.turnout.protocol.pg.testing.WireBytes.assertBytesAndRelease;
import static io.turnout.protocol.pg.testing.WireBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.turnout.protocol.pg.message.ErrorResponse;
import io.turnout.protocol.pg.message.ReadyForQuery;
import org.junit.jupiter.api.Test;

class PgMessageEncoderTest {

    @Test
    void encodesRecordsAndPassesRawFramesThrough() {
        PgMessageEncoder shared = new PgMessageEncoder();
        EmbeddedChannel one = new EmbeddedChannel(shared);
        EmbeddedChannel two = new EmbeddedChannel(shared);

        one.writeOutbound(new ReadyForQuery('T'));
        assertBytesAndRelease(bytes("5a 00 00 00 05 54 -- ReadyForQuery 'T'"), one.readOutbound());

        ByteBuf raw = Unpooled.wrappedBuffer(bytes("53 00 00 00 04 -- Sync, relayed as is"));
        one.writeOutbound(raw);
        ByteBuf relayed = one.readOutbound();
        assertSame(raw, relayed, "raw frames are not copied");
        relayed.release();

        two.writeOutbound(ErrorResponse.fatal("08P01", "x"));
        ByteBuf error = two.readOutbound();
        assertEquals('E', error.getByte(0));
        error.release();

        assertFalse(one.finish());
        assertFalse(two.finish());
    }
}
