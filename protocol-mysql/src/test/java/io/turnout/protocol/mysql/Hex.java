package io.turnout.protocol.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Byte literals for tests: hex digits with spaces, newlines and {@code //} comments to the end of the line. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String literal) {
        StringBuilder digits = new StringBuilder();
        for (String line : literal.split("\n")) {
            int comment = line.indexOf("//");
            digits.append((comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s", ""));
        }
        return ByteBufUtil.decodeHexDump(digits);
    }

    static ByteBuf buf(String literal) {
        return Unpooled.wrappedBuffer(bytes(literal));
    }

    /** Compares as hex dumps so that a failure shows where the bytes differ. */
    static void assertBytes(byte[] expected, ByteBuf actual) {
        assertEquals(ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(expected)), ByteBufUtil.prettyHexDump(actual));
    }
}
