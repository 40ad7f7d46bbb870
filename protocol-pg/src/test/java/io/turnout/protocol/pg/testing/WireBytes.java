package io.turnout.protocol.pg.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte-literal fixtures for wire tests. A fixture is text with one field per line:
 * hex bytes ({@code 51 00 00 00 0d}), double-quoted UTF-8 text ({@code "select 1"}, no escapes) and
 * a comment after {@code --} naming the field.
 */
public final class WireBytes {

    private WireBytes() {
    }

    /** Parses a fixture into bytes. */
    public static byte[] bytes(String fixture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : fixture.split("\n")) {
            parseLine(line, out);
        }
        return out.toByteArray();
    }

    private static void parseLine(String line, ByteArrayOutputStream out) {
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated text in fixture line: " + line);
                }
                out.writeBytes(line.substring(i + 1, end).getBytes(StandardCharsets.UTF_8));
                i = end + 1;
            } else if (c == '-' && line.startsWith("--", i)) {
                return;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("odd hex digit in fixture line: " + line);
                }
                out.write(Integer.parseInt(line.substring(i, i + 2), 16));
                i += 2;
            }
        }
    }

    /** A fixture as an unpooled buffer; the caller releases it. */
    public static ByteBuf buffer(String fixture) {
        return Unpooled.wrappedBuffer(bytes(fixture));
    }

    /** Copies the readable bytes without moving the reader index. */
    public static byte[] toArray(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /** Asserts equal bytes; on failure shows the first differing offset and hex dumps of both. */
    public static void assertBytes(byte[] expected, byte[] actual) {
        if (Arrays.equals(expected, actual)) {
            return;
        }
        int offset = Arrays.mismatch(expected, actual);
        fail("bytes differ at offset " + offset + " (expected " + expected.length + " bytes, got " + actual.length + ")\n"
                + "expected:\n" + ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(expected)) + "\n"
                + "actual:\n" + ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(actual)));
    }

    /** Asserts the readable bytes of {@code actual} equal {@code expected}, then releases {@code actual}. */
    public static void assertBytesAndRelease(byte[] expected, ByteBuf actual) {
        try {
            assertBytes(expected, toArray(actual));
        } finally {
            actual.release();
        }
    }
}
