package io.turnout.protocol.pg.message;

import static io.turnout.protocol.pg.testing.WireBytes.assertBytesAndRelease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.pg.testing.Render;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message: fixture bytes decode to the expected record, and records encode to the fixture bytes. */
class MessageRoundTripTest {

    static Stream<Fixture> all() {
        return Stream.of(FrontendFixtures.startupPackets(), FrontendFixtures.typedMessages(), BackendFixtures.authentication(),
                BackendFixtures.session()).flatMap(java.util.List::stream);
    }

    static Stream<Fixture> backend() {
        return Stream.concat(BackendFixtures.authentication().stream(), BackendFixtures.session().stream());
    }

    static Stream<Fixture> frontendNotPassword() {
        return FrontendFixtures.typedMessages().stream().filter(f -> f.frame()[0] != PgMessages.Frontend.PASSWORD);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void decodesToTheExpectedRecord(Fixture fixture) {
        ByteBuf frame = Unpooled.wrappedBuffer(fixture.frame());
        try {
            PgMessage decoded = fixture.decodeFrame().apply(frame);
            assertSame(fixture.expected().getClass(), decoded.getClass());
            assertEquals(Render.of(fixture.expected()), Render.of(decoded));
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void expectedRecordEncodesToTheFixture(Fixture fixture) {
        ByteBuf out = Unpooled.buffer();
        fixture.expected().encode(out);
        assertBytesAndRelease(fixture.frame(), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void decodeThenEncodeGivesTheSameBytes(Fixture fixture) {
        ByteBuf frame = Unpooled.wrappedBuffer(fixture.frame());
        ByteBuf out = Unpooled.buffer();
        try {
            fixture.decodeFrame().apply(frame).encode(out);
        } finally {
            frame.release();
        }
        assertBytesAndRelease(fixture.frame(), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backend")
    void backendDispatchDecodesTheSameRecordWithoutMovingTheFrame(Fixture fixture) {
        ByteBuf frame = Unpooled.wrappedBuffer(fixture.frame());
        try {
            assertEquals(Render.of(fixture.expected()), Render.of(BackendMessage.decode(frame)));
            assertEquals(0, frame.readerIndex());
            assertEquals(1, frame.refCnt());
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frontendNotPassword")
    void frontendDispatchDecodesTheSameRecordWithoutMovingTheFrame(Fixture fixture) {
        ByteBuf frame = Unpooled.wrappedBuffer(fixture.frame());
        try {
            assertEquals(Render.of(fixture.expected()), Render.of(FrontendMessage.decode(frame)));
            assertEquals(0, frame.readerIndex());
        } finally {
            frame.release();
        }
    }
}
