package io.turnout.protocol.pg.message;

import static io.turnout.protocol.pg.message.Fixture.typed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Byte-literal fixtures for every backend message, one comment per field. */
final class BackendFixtures {

    private BackendFixtures() {
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<Fixture> authentication() {
        return List.of(
                typed("AuthenticationOk", """
                        52                -- 'R'
                        00 00 00 08       -- length 8
                        00 00 00 00       -- 0: OK
                        """, AuthenticationRequest.Ok.INSTANCE, AuthenticationRequest::decode),
                typed("AuthenticationCleartextPassword", """
                        52 00 00 00 08    -- 'R', length 8
                        00 00 00 03       -- 3: cleartext password
                        """, AuthenticationRequest.CleartextPassword.INSTANCE, AuthenticationRequest::decode),
                typed("AuthenticationMD5Password", """
                        52 00 00 00 0c    -- 'R', length 12
                        00 00 00 05       -- 5: MD5 password
                        01 02 03 04       -- salt
                        """, new AuthenticationRequest.Md5Password(new byte[] {1, 2, 3, 4}), AuthenticationRequest::decode),
                typed("AuthenticationSASL", """
                        52 00 00 00 2a    -- 'R', length 42
                        00 00 00 0a       -- 10: SASL
                        "SCRAM-SHA-256-PLUS" 00 -- mechanism
                        "SCRAM-SHA-256" 00 -- mechanism
                        00                -- end of list
                        """, new AuthenticationRequest.Sasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
                        AuthenticationRequest::decode),
                typed("AuthenticationSASLContinue", """
                        52 00 00 00 1f    -- 'R', length 31
                        00 00 00 0b       -- 11: SASL continue
                        "r=abc,s=c2FsdA==,i=4096" -- server-first-message
                        """, new AuthenticationRequest.SaslContinue(utf8("r=abc,s=c2FsdA==,i=4096")), AuthenticationRequest::decode),
                typed("AuthenticationSASLFinal", """
                        52 00 00 00 16    -- 'R', length 22
                        00 00 00 0c       -- 12: SASL final
                        "v=c2lnbmF0dXJl"  -- server-final-message
                        """, new AuthenticationRequest.SaslFinal(utf8("v=c2lnbmF0dXJl")), AuthenticationRequest::decode),
                typed("AuthenticationGSS", """
                        52 00 00 00 08    -- 'R', length 8
                        00 00 00 07       -- 7: GSS, kept as Other
                        """, new AuthenticationRequest.Other(7, new byte[0]), AuthenticationRequest::decode));
    }

    static List<Fixture> session() {
        Map<Character, String> error = new LinkedHashMap<>();
        error.put('S', "ERROR");
        error.put('V', "ERROR");
        error.put('C', "42P01");
        error.put('M', "relation t does not exist");
        Map<Character, String> notice = new LinkedHashMap<>();
        notice.put('S', "NOTICE");
        notice.put('C', "00000");
        notice.put('M', "hello");
        return List.of(
                typed("BackendKeyData", """
                        4b 00 00 00 0c    -- 'K', length 12
                        00 00 30 39       -- process ID 12345
                        de ad be ef       -- secret key
                        """, new BackendKeyData(12345, 0xdeadbeef), BackendKeyData::decode),
                typed("ParameterStatus", """
                        53 00 00 00 18    -- 'S', length 24
                        "server_version" 00 -- name
                        "16.4" 00         -- value
                        """, new ParameterStatus("server_version", "16.4"), ParameterStatus::decode),
                typed("ReadyForQuery", """
                        5a 00 00 00 05    -- 'Z', length 5
                        49                -- 'I' idle
                        """, new ReadyForQuery('I'), ReadyForQuery::decode),
                typed("NegotiateProtocolVersion", """
                        76 00 00 00 15    -- 'v', length 21
                        00 00 00 00       -- newest minor version 0
                        00 00 00 01       -- 1 unrecognized option
                        "_pq_.foo" 00     -- option name
                        """, new NegotiateProtocolVersion(0, List.of("_pq_.foo")), NegotiateProtocolVersion::decode),
                typed("ErrorResponse", """
                        45 00 00 00 35    -- 'E', length 53
                        53 "ERROR" 00     -- S severity
                        56 "ERROR" 00     -- V severity, not localized
                        43 "42P01" 00     -- C SQLSTATE undefined_table
                        4d "relation t does not exist" 00 -- M message
                        00                -- end of fields
                        """, new ErrorResponse(error), ErrorResponse::decode),
                typed("NoticeResponse", """
                        4e 00 00 00 1b    -- 'N', length 27
                        53 "NOTICE" 00    -- S severity
                        43 "00000" 00     -- C SQLSTATE
                        4d "hello" 00     -- M message
                        00                -- end of fields
                        """, new NoticeResponse(notice), NoticeResponse::decode),
                typed("CommandComplete", """
                        43 00 00 00 0d    -- 'C', length 13
                        "SELECT 1" 00     -- command tag
                        """, new CommandComplete("SELECT 1"), CommandComplete::decode),
                typed("DataRow", """
                        44 00 00 00 0f    -- 'D', length 15
                        00 02             -- 2 columns
                        00 00 00 01 "1"   --   length 1, value "1"
                        ff ff ff ff       --   NULL
                        """, new DataRow(Arrays.asList(utf8("1"), null)), DataRow::decode),
                typed("RowDescription", """
                        54 00 00 00 1b    -- 'T', length 27
                        00 01             -- 1 field
                        "id" 00           --   name
                        00 00 40 00       --   table OID 16384
                        00 01             --   column number 1
                        00 00 00 17       --   type OID 23 (int4)
                        00 04             --   type size 4
                        ff ff ff ff       --   type modifier -1
                        00 00             --   format text
                        """, new RowDescription(List.of(new RowDescription.Field("id", 16384, (short) 1, 23, (short) 4, -1, (short) 0))),
                        RowDescription::decode),
                typed("ParameterDescription", """
                        74 00 00 00 0e    -- 't', length 14
                        00 02             -- 2 parameters
                        00 00 00 17       -- int4
                        00 00 00 19       -- text
                        """, new ParameterDescription(List.of(23, 25)), ParameterDescription::decode),
                typed("ParseComplete", "31 00 00 00 04 -- '1', length 4", ParseComplete.INSTANCE, ParseComplete::decode),
                typed("BindComplete", "32 00 00 00 04 -- '2', length 4", BindComplete.INSTANCE, BindComplete::decode),
                typed("CloseComplete", "33 00 00 00 04 -- '3', length 4", CloseComplete.INSTANCE, CloseComplete::decode),
                typed("NoData", "6e 00 00 00 04 -- 'n', length 4", NoData.INSTANCE, NoData::decode),
                typed("EmptyQueryResponse", "49 00 00 00 04 -- 'I', length 4", EmptyQueryResponse.INSTANCE, EmptyQueryResponse::decode),
                typed("PortalSuspended", "73 00 00 00 04 -- 's', length 4", PortalSuspended.INSTANCE, PortalSuspended::decode),
                typed("NotificationResponse", """
                        41 00 00 00 10    -- 'A', length 16
                        00 00 30 39       -- notifying process 12345
                        "jobs" 00         -- channel
                        "42" 00           -- payload
                        """, new NotificationResponse(12345, "jobs", "42"), NotificationResponse::decode),
                typed("CopyInResponse", """
                        47 00 00 00 0b    -- 'G', length 11
                        00                -- overall format text
                        00 02             -- 2 columns
                        00 00  00 00      -- text, text
                        """, new CopyInResponse((byte) 0, List.of((short) 0, (short) 0)), CopyInResponse::decode),
                typed("CopyOutResponse", """
                        48 00 00 00 09    -- 'H', length 9
                        01                -- overall format binary
                        00 01  00 01      -- 1 column: binary
                        """, new CopyOutResponse((byte) 1, List.of((short) 1)), CopyOutResponse::decode),
                typed("CopyBothResponse", """
                        57 00 00 00 07    -- 'W', length 7
                        00                -- overall format text
                        00 00             -- no columns
                        """, new CopyBothResponse((byte) 0, List.of()), CopyBothResponse::decode),
                typed("CopyData (backend)", """
                        64 00 00 00 07    -- 'd', length 7
                        "abc"             -- data
                        """, new CopyData(utf8("abc")), CopyData::decode),
                typed("CopyDone (backend)", "63 00 00 00 04 -- 'c', length 4", CopyDone.INSTANCE, CopyDone::decode),
                typed("FunctionCallResponse", """
                        56 00 00 00 0a    -- 'V', length 10
                        00 00 00 02 "42"  -- length 2, value
                        """, new FunctionCallResponse(utf8("42")), FunctionCallResponse::decode),
                typed("FunctionCallResponse NULL", """
                        56 00 00 00 08    -- 'V', length 8
                        ff ff ff ff       -- NULL
                        """, new FunctionCallResponse(null), FunctionCallResponse::decode));
    }
}
