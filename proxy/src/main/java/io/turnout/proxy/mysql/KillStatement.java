package io.turnout.proxy.mysql;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code KILL [HARD|SOFT] [CONNECTION|QUERY] <id>} as sent in a COM_QUERY (what Connector/J's
 * {@code Statement.cancel()} sends from a second connection). Only this exact shape is recognised; anything else
 * (e.g. MariaDB's {@code KILL QUERY ID <query id>} or {@code KILL USER}) is left alone.
 */
record KillStatement(String prefix, long connectionId, String suffix) {
    /** Longest statement text worth parsing; longer COM_QUERYs are never inspected. */
    static final int MAX_LENGTH = 96;

    private static final Pattern SHAPE = Pattern.compile(
            "(\\s*KILL\\s+(?:(?:HARD|SOFT)\\s+)?(?:(?:CONNECTION|QUERY)\\s+)?)(\\d{1,10})(\\s*;?\\s*)",
            Pattern.CASE_INSENSITIVE);

    /** Parses statement text, or returns null when it is not a KILL by connection id. */
    static KillStatement parse(byte[] sqlUtf8) {
        if (sqlUtf8.length > MAX_LENGTH || sqlUtf8.length < 6) {
            return null;
        }
        String sql = new String(sqlUtf8, StandardCharsets.UTF_8);
        if (!sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("KILL")) {
            return null;
        }
        Matcher m = SHAPE.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        return new KillStatement(m.group(1), Long.parseLong(m.group(2)), m.group(3));
    }

    /** The same statement text with the id replaced; only the digits change. */
    byte[] withConnectionId(long id) {
        return (prefix + id + suffix).getBytes(StandardCharsets.UTF_8);
    }
}
