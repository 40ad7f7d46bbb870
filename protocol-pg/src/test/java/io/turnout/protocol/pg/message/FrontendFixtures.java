package io.turnout.protocol.pg.message;

import static io.turnout.protocol.pg.message.Fixture.startup;
import static io.turnout.protocol.pg.message.Fixture.typed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Byte-literal fixtures for every frontend message, one comment per field. */
final class FrontendFixtures {

    private FrontendFixtures() {
    }

    static List<Fixture> startupPackets() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "alice");
        parameters.put("database", "shop");
        return List.of(
                startup("StartupMessage", """
                        00 00 00 22       -- length 34
                        00 03 00 00       -- protocol 3.0
                        "user" 00         -- parameter name
                        "alice" 00        -- value
                        "database" 00     -- parameter name
                        "shop" 00         -- value
                        00                -- end of parameters
                        """, new StartupMessage(PgMessages.PROTOCOL_3_0, parameters), StartupMessage::decode),
                startup("SSLRequest", """
                        00 00 00 08       -- length 8
                        04 d2 16 2f       -- code 80877103
                        """, SslRequest.INSTANCE, SslRequest::decode),
                startup("GSSENCRequest", """
                        00 00 00 08       -- length 8
                        04 d2 16 30       -- code 80877104
                        """, GssEncRequest.INSTANCE, GssEncRequest::decode),
                startup("CancelRequest", """
                        00 00 00 10       -- length 16
                        04 d2 16 2e       -- code 80877102
                        00 00 30 39       -- process ID 12345
                        de ad be ef       -- secret key
                        """, new CancelRequest(12345, 0xdeadbeef), CancelRequest::decode));
    }

    static List<Fixture> typedMessages() {
        return List.of(
                typed("Query", """
                        51                -- 'Q'
                        00 00 00 0d       -- length 13
                        "select 1" 00     -- query
                        """, new Query("select 1"), Query::decode),
                typed("Parse", """
                        50                -- 'P'
                        00 00 00 17       -- length 23
                        "s1" 00           -- statement name
                        "select $1" 00    -- query
                        00 01             -- 1 parameter type
                        00 00 00 17       -- int4 (OID 23)
                        """, new Parse("s1", "select $1", List.of(23)), Parse::decode),
                typed("Bind", """
                        42                -- 'B'
                        00 00 00 1e       -- length 30
                        00                -- unnamed portal
                        "s1" 00           -- statement name
                        00 01  00 01      -- 1 parameter format: binary
                        00 02             -- 2 parameters
                        00 00 00 04       --   length 4
                        00 00 00 2a       --   value 42
                        ff ff ff ff       --   NULL
                        00 01  00 00      -- 1 result format: text
                        """, new Bind("", "s1", List.of((short) 1), Arrays.asList(new byte[] {0, 0, 0, 42}, null),
                        List.of((short) 0)), Bind::decode),
                typed("Describe", """
                        44                -- 'D'
                        00 00 00 08       -- length 8
                        53                -- 'S' statement
                        "s1" 00           -- name
                        """, new Describe('S', "s1"), Describe::decode),
                typed("Execute", """
                        45                -- 'E'
                        00 00 00 09       -- length 9
                        00                -- unnamed portal
                        00 00 00 00       -- no row limit
                        """, new Execute("", 0), Execute::decode),
                typed("Sync", "53 00 00 00 04 -- 'S', length 4", Sync.INSTANCE, Sync::decode),
                typed("Flush", "48 00 00 00 04 -- 'H', length 4", Flush.INSTANCE, Flush::decode),
                typed("Terminate", "58 00 00 00 04 -- 'X', length 4", Terminate.INSTANCE, Terminate::decode),
                typed("Close", """
                        43                -- 'C'
                        00 00 00 06       -- length 6
                        50                -- 'P' portal
                        00                -- unnamed
                        """, new Close('P', ""), Close::decode),
                typed("CopyData (frontend)", """
                        64                -- 'd'
                        00 00 00 08       -- length 8
                        31 09 32 0a       -- "1\\t2\\n"
                        """, new CopyData("1\t2\n".getBytes(StandardCharsets.UTF_8)), CopyData::decode),
                typed("CopyDone (frontend)", "63 00 00 00 04 -- 'c', length 4", CopyDone.INSTANCE, CopyDone::decode),
                typed("CopyFail", """
                        66                -- 'f'
                        00 00 00 0c       -- length 12
                        "aborted" 00      -- error message
                        """, new CopyFail("aborted"), CopyFail::decode),
                typed("FunctionCall", """
                        46                -- 'F'
                        00 00 00 16       -- length 22
                        00 00 04 00       -- function OID 1024
                        00 01  00 00      -- 1 argument format: text
                        00 01             -- 1 argument
                        00 00 00 02 "42"  --   length 2, value
                        00 00             -- result format text
                        """, new FunctionCall(1024, List.of((short) 0), List.of("42".getBytes(StandardCharsets.UTF_8)), (short) 0),
                        FunctionCall::decode),
                typed("PasswordMessage", """
                        70                -- 'p'
                        00 00 00 0b       -- length 11
                        "secret" 00       -- password
                        """, new PasswordMessage("secret"), PasswordMessage::decode),
                typed("SASLInitialResponse", """
                        70                -- 'p'
                        00 00 00 2e       -- length 46
                        "SCRAM-SHA-256" 00 -- mechanism
                        00 00 00 18       -- 24 bytes of client-first-message
                        "n,,n=,r=abcdefghijklmnop"
                        """, new SaslInitialResponse("SCRAM-SHA-256", "n,,n=,r=abcdefghijklmnop".getBytes(StandardCharsets.UTF_8)),
                        SaslInitialResponse::decode),
                typed("SASLInitialResponse without data", """
                        70                -- 'p'
                        00 00 00 16       -- length 22
                        "SCRAM-SHA-256" 00 -- mechanism
                        ff ff ff ff       -- -1: no initial response
                        """, new SaslInitialResponse("SCRAM-SHA-256", null), SaslInitialResponse::decode),
                typed("SASLResponse", """
                        70                -- 'p'
                        00 00 00 16       -- length 22
                        "c=biws,r=abc,p=xyz" -- client-final-message
                        """, new SaslResponse("c=biws,r=abc,p=xyz".getBytes(StandardCharsets.UTF_8)), SaslResponse::decode));
    }
}
