package io.turnout.protocol.pg.message;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.pg.codec.PgProtocolException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Truncated, extended and bit-flipped variants of every fixture: decoding either succeeds or
 * throws {@link PgProtocolException} — never IndexOutOfBounds, NegativeArraySize or the like.
 */
class MalformedMessageTest {

    static Stream<Fixture> all() {
        return MessageRoundTripTest.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void everyTruncationIsAProtocolErrorOrDecodes(Fixture fixture) {
        int header = headerBytes(fixture);
        for (int keep = header; keep < fixture.frame().length; keep++) {
            decodeExpectingOnlyProtocolErrors(fixture, withLengthFixed(Arrays.copyOf(fixture.frame(), keep), header));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void trailingGarbageIsAProtocolErrorOrDecodes(Fixture fixture) {
        byte[] longer = Arrays.copyOf(fixture.frame(), fixture.frame().length + 3);
        longer[longer.length - 1] = 7;
        decodeExpectingOnlyProtocolErrors(fixture, withLengthFixed(longer, headerBytes(fixture)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void everyPayloadByteFlippedIsAProtocolErrorOrDecodes(Fixture fixture) {
        int header = headerBytes(fixture);
        for (int i = header; i < fixture.frame().length; i++) {
            for (int value : new int[] {0x00, 0xff, 0x7f, 0x80}) {
                byte[] mutated = fixture.frame().clone();
                mutated[i] = (byte) value;
                decodeExpectingOnlyProtocolErrors(fixture, mutated);
            }
        }
    }

    private static int headerBytes(Fixture fixture) {
        return fixture.expected() instanceof StartupMessage || fixture.expected() instanceof SslRequest
                || fixture.expected() instanceof GssEncRequest || fixture.expected() instanceof CancelRequest ? 4 : 5;
    }

    /** Rewrites the length word so the frame itself stays well-formed. */
    private static byte[] withLengthFixed(byte[] frame, int header) {
        int lengthAt = header - 4;
        int length = frame.length - lengthAt;
        frame[lengthAt] = (byte) (length >>> 24);
        frame[lengthAt + 1] = (byte) (length >>> 16);
        frame[lengthAt + 2] = (byte) (length >>> 8);
        frame[lengthAt + 3] = (byte) length;
        return frame;
    }

    private static void decodeExpectingOnlyProtocolErrors(Fixture fixture, byte[] variant) {
        ByteBuf frame = Unpooled.wrappedBuffer(variant);
        try {
            fixture.decodeFrame().apply(frame);
        } catch (PgProtocolException expected) {
            // fine: a malformed message is a protocol violation
        } catch (RuntimeException e) {
            fail(fixture.name() + " variant " + Arrays.toString(variant) + " threw " + e, e);
        } finally {
            frame.release();
        }
    }
}
