package io.turnout.protocol.pg.message;

import static io.turnout.protocol.pg.testing.WireBytes.assertBytesAndRelease;
import static io.turnout.protocol.pg.testing.WireBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnout.protocol.pg.codec.PgProtocolException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MessageSemanticsTest {

    private static <T> T decodePayload(String frameFixture, Function<ByteBuf, T> decoder) {
        ByteBuf frame = Unpooled.wrappedBuffer(bytes(frameFixture));
        try {
            return decoder.apply(PgWire.payload(frame));
        } finally {
            frame.release();
        }
    }

    @Test
    void fatalErrorResponseForTheEdge() {
        ErrorResponse fatal = ErrorResponse.fatal("08P01", "invalid startup packet");
        assertEquals("FATAL", fatal.severity());
        assertEquals("08P01", fatal.code());
        assertEquals("invalid startup packet", fatal.message());
        assertNull(fatal.detail());
        assertEquals("connect with a PostgreSQL client", fatal.with(ErrorFields.HINT, "connect with a PostgreSQL client").hint());
        ByteBuf out = Unpooled.buffer();
        fatal.encode(out);
        assertBytesAndRelease(bytes("""
                45 00 00 00 32    -- 'E', length 50
                53 "FATAL" 00     -- S severity
                56 "FATAL" 00     -- V severity
                43 "08P01" 00     -- C protocol_violation
                4d "invalid startup packet" 00 -- M message
                00                -- end of fields
                """), out);
    }

    @Test
    void errorResponseKeepsUnknownFieldsInOrder() {
        ErrorResponse error = decodePayload("""
                45 00 00 00 14    -- 'E', length 20
                5a "future" 00    -- Z: a field this codec does not know
                43 "XX000" 00     -- C
                00
                """, ErrorResponse::decode);
        assertEquals("future", error.fields().get('Z'));
        assertEquals("[Z, C]", error.fields().keySet().toString());
    }

    @Test
    void bindKeepsNullParametersApartFromEmptyOnes() {
        Bind bind = decodePayload("""
                42 00 00 00 14    -- 'B', length 20
                00 00             -- unnamed portal, unnamed statement
                00 00             -- no parameter formats (all text)
                00 02             -- 2 parameters
                00 00 00 00       --   empty string
                ff ff ff ff       --   NULL
                00 00             -- no result formats
                """, Bind::decode);
        assertArrayEquals(new byte[0], bind.parameters().get(0));
        assertNull(bind.parameters().get(1));
    }

    @Test
    void readyForQueryRejectsAnUnknownStatus() {
        assertThrows(PgProtocolException.class, () -> decodePayload("5a 00 00 00 05 58 -- 'X'", ReadyForQuery::decode));
        assertTrue(new ReadyForQuery('I').idle());
    }

    @Test
    void negativeValueLengthOtherThanNullIsAProtocolError() {
        assertThrows(PgProtocolException.class, () -> decodePayload("""
                44 00 00 00 0a    -- 'D', length 10
                00 01             -- 1 column
                ff ff ff fe       -- length -2
                """, DataRow::decode));
    }

    @Test
    void unknownTypeBytesAreProtocolErrors() {
        ByteBuf frame = Unpooled.wrappedBuffer(bytes("7a 00 00 00 04 -- 'z'"));
        try {
            PgProtocolException backend = assertThrows(PgProtocolException.class, () -> BackendMessage.decode(frame));
            assertTrue(backend.getMessage().contains("'z'"), backend.getMessage());
            assertThrows(PgProtocolException.class, () -> FrontendMessage.decode(frame));
        } finally {
            frame.release();
        }
    }

    @Test
    void passwordFamilyIsDecodedByThePendingRequest() {
        String password = "70 00 00 00 0b \"secret\" 00";
        assertInstanceOf(PasswordMessage.class,
                decodePayload(password, p -> FrontendMessage.decodePassword(p, AuthenticationRequest.CleartextPassword.INSTANCE)));
        String initial = "70 00 00 00 16 \"SCRAM-SHA-256\" 00 ff ff ff ff";
        SaslInitialResponse sasl = (SaslInitialResponse) decodePayload(initial,
                p -> FrontendMessage.decodePassword(p, new AuthenticationRequest.Sasl(java.util.List.of("SCRAM-SHA-256"))));
        assertEquals("SCRAM-SHA-256", sasl.mechanism());
        assertInstanceOf(SaslResponse.class, decodePayload("70 00 00 00 06 \"ab\"",
                p -> FrontendMessage.decodePassword(p, new AuthenticationRequest.SaslContinue(new byte[0]))));
        assertThrows(PgProtocolException.class, () -> decodePayload(password,
                p -> FrontendMessage.decodePassword(p, AuthenticationRequest.Ok.INSTANCE)));
    }

    @Test
    void passwordIsNotPrinted() {
        assertEquals("PasswordMessage[password=<hidden>]", new PasswordMessage("secret").toString());
    }

    @Test
    void stringsAreUtf8() {
        Query query = new Query("select 'é'");
        ByteBuf out = Unpooled.buffer();
        query.encode(out);
        try {
            assertEquals(5 + 11 + 1, out.readableBytes(), "é is two bytes in UTF-8");
            assertEquals(query, Query.decode(PgWire.payload(out)));
        } finally {
            out.release();
        }
    }
}
