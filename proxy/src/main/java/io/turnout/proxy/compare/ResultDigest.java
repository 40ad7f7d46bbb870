package io.turnout.proxy.compare;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A result set reduced as it streams by: row count, an order-insensitive multiset hash (sum and xor of row hashes)
 * and an ordered rolling hash, plus the first rows as text for evidence. Values are canonical text: numbers without
 * trailing zeros (rounded to the tolerance when there is one), everything else as the driver renders it.
 */
final class ResultDigest {

    static final int KEPT_ROWS = 200;

    long rows;
    long sum;
    long xor;
    long rolling;
    boolean tooLarge;
    final List<String> firstRows = new ArrayList<>();

    static ResultDigest of(ResultSet rs, CompareRules rules) throws SQLException {
        ResultDigest[] one = {new ResultDigest()};
        read(rs, rules, 0, one);
        return one[0];
    }

    /**
     * The two sides of one result whose first column says which side a row belongs to (0: old, 1: new), as
     * {@link SideReads} reads both shapes in one statement; the other columns are the rows compared.
     */
    static ResultDigest[] bySide(ResultSet rs, CompareRules rules) throws SQLException {
        ResultDigest[] sides = {new ResultDigest(), new ResultDigest()};
        read(rs, rules, 1, sides);
        return sides;
    }

    /**
     * The sides of several samples read as one result, whose first column names the side (0: old, 1: new) and whose
     * second names the sample (from 0): {@code [sample][side]}. Reading stops at the first side that has more rows
     * than the rules allow, which is then {@link #tooLarge}; the digests after it in the result are incomplete, so a
     * caller that finds one too large reads the other samples again on their own.
     */
    static ResultDigest[][] bySampleAndSide(ResultSet rs, CompareRules rules, int samples) throws SQLException {
        ResultDigest[] flat = new ResultDigest[samples * 2];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = new ResultDigest();
        }
        read(rs, rules, 2, flat);
        ResultDigest[][] out = new ResultDigest[samples][];
        for (int s = 0; s < samples; s++) {
            out[s] = new ResultDigest[] {flat[2 * s], flat[2 * s + 1]};
        }
        return out;
    }

    /** @param tags leading columns that say whose a row is: none, the side, or the side and the sample */
    private static void read(ResultSet rs, CompareRules rules, int tags, ResultDigest[] digests) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        int first = tags + 1;
        boolean[] ignored = new boolean[n + 1];
        for (int i = first; i <= n; i++) {
            ignored[i] = rules.ignores(md.getColumnLabel(i));
        }
        StringBuilder row = new StringBuilder();
        while (rs.next()) {
            ResultDigest d = digests[switch (tags) {
                case 0 -> 0;
                case 1 -> rs.getInt(1);
                default -> 2 * rs.getInt(2) + rs.getInt(1);
            }];
            if (++d.rows > rules.maxRows()) {
                d.tooLarge = true; // the sample is not compared: no need to read further
                break;
            }
            row.setLength(0);
            for (int i = first; i <= n; i++) {
                if (i > first) {
                    row.append(" | ");
                }
                row.append(ignored[i] ? "*" : canonical(rs.getObject(i), rules.numericTolerance()));
            }
            d.add(row.toString());
        }
    }

    private void add(String text) {
        long h = hash(text);
        sum += h;
        xor ^= h;
        rolling = rolling * 0x100000001b3L + h;
        if (firstRows.size() < KEPT_ROWS) {
            firstRows.add(text);
        }
    }

    boolean sameAs(ResultDigest other, boolean ordered) {
        if (rows != other.rows) {
            return false;
        }
        return ordered ? rolling == other.rolling : sum == other.sum && xor == other.xor;
    }

    static String canonical(Object v, double tolerance) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Number num && !(v instanceof Byte)) {
            BigDecimal d = num instanceof BigDecimal b ? b : new BigDecimal(num.toString());
            if (tolerance > 0) {
                int scale = Math.max(0, -(int) Math.floor(Math.log10(tolerance)));
                d = d.setScale(scale, RoundingMode.HALF_EVEN);
            }
            d = d.stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        }
        if (v instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        return "'" + v + "'";
    }

    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
