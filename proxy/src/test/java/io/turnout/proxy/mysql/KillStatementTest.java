package io.turnout.proxy.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KillStatementTest {

    /** statement as the client sent it | proxy id found | the same text with server id 9876 */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "KILL QUERY 12            | 12 | KILL QUERY 9876",
        "KILL 12                  | 12 | KILL 9876",
        "kill connection 4294967295 | 4294967295 | kill connection 9876",
        "'  KILL   HARD QUERY 7 ;' | 7  | '  KILL   HARD QUERY 9876 ;'",
        "KILL SOFT 3;             | 3  | KILL SOFT 9876;",
    })
    void recognisesAndRewritesOnlyTheDigits(String sql, long id, String rewritten) {
        KillStatement kill = KillStatement.parse(sql.getBytes(StandardCharsets.UTF_8));
        assertEquals(id, kill.connectionId());
        assertEquals(rewritten, new String(kill.withConnectionId(9876), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "KILL QUERY ID 12",          // MariaDB: a query id, not a connection id
        "KILL USER bob",
        "SELECT 'KILL QUERY 12'",
        "KILL QUERY 12 OR 1",
        "KILL QUERY 12345678901",     // more than 32 bits of digits
        "KILLQUERY 12",
        "/* KILL 12 */ SELECT 1",
    })
    void leavesEverythingElseAlone(String sql) {
        assertNull(KillStatement.parse(sql.getBytes(StandardCharsets.UTF_8)));
    }
}
