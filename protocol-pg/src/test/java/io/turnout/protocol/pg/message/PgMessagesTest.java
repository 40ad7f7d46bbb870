package io.turnout.protocol.pg.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PgMessagesTest {

    @Test
    void knownTypesMatchTheFixtures() {
        MessageRoundTripTest.backend().forEach(f -> assertTrue(PgMessages.Backend.isKnown(f.frame()[0]), f.name()));
        FrontendFixtures.typedMessages().forEach(f -> assertTrue(PgMessages.Frontend.isKnown(f.frame()[0]), f.name()));
    }

    @Test
    void unknownTypes() {
        for (byte type : new byte[] {0, 'z', 'R', (byte) 0xff, '1'}) {
            assertFalse(PgMessages.Frontend.isKnown(type), "frontend " + type);
        }
        for (byte type : new byte[] {0, 'z', 'Q', 'P', (byte) 0xff}) {
            assertFalse(PgMessages.Backend.isKnown(type), "backend " + type);
        }
    }

    @Test
    void requestCodes() {
        assertEquals(1234 << 16 | 5679, PgMessages.SSL_REQUEST_CODE);
        assertEquals(1234 << 16 | 5680, PgMessages.GSSENC_REQUEST_CODE);
        assertEquals(1234 << 16 | 5678, PgMessages.CANCEL_REQUEST_CODE);
        assertEquals(3 << 16, PgMessages.PROTOCOL_3_0);
    }
}
