package io.turnout.routing.translate;

import io.turnout.routing.sql.Dialect;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Where a read names the value of its migration's sticky key column ({@code WHERE id = 42}, {@code WHERE id = $1}):
 * the value itself when the statement spells it, else the number of the parameter that carries it. Values are
 * normalised so that one key hashes the same however it arrives: {@code 42}, {@code '42'}, {@code 42.0} and a binary
 * int8 42 all give {@code "42"}.
 *
 * @param literal   the normalised value written in the statement; null when a parameter carries it
 * @param parameter the 1-based number of the parameter carrying the value ({@code $n}, or the n-th {@code ?}); 0 for
 *                  a literal
 */
public record StickyKey(String literal, int parameter) {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public StickyKey {
        if ((literal == null) == (parameter <= 0)) {
            throw new IllegalArgumentException("a sticky key is a literal or a parameter number, not both");
        }
    }

    public static StickyKey literal(String normalisedValue) {
        return new StickyKey(normalisedValue, 0);
    }

    public static StickyKey parameter(int number) {
        return new StickyKey(null, number);
    }

    /**
     * The key's value for one execution: the literal, or the bound parameter's value normalised; null when the
     * parameter is unknown or SQL NULL.
     *
     * @param bound a 1-based parameter number to its value (text, number), or null when unknown
     */
    public String value(IntFunction<Object> bound) {
        return literal != null ? literal : normalise(bound.apply(parameter));
    }

    /** One text per key value: numbers in their plain canonical form ({@code 042}, {@code 42.0} → {@code 42}). */
    public static String normalise(Object value) {
        if (value == null || value instanceof byte[]) {
            return null;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Long.toString(((Number) value).longValue()); // already canonical: no parse, no BigDecimal
        }
        if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? canonical(new BigDecimal(Double.toString(d))) : value.toString();
        }
        String text = value.toString();
        if (plainInteger(text)) {
            return text; // the usual key (id = 42, or '42' bound as text): its canonical form as it is
        }
        if (text.length() <= 64 && DECIMAL.matcher(text).matches()) {
            try {
                return canonical(new BigDecimal(text));
            } catch (NumberFormatException | ArithmeticException e) {
                return text;
            }
        }
        return text;
    }

    /** Digits with an optional minus and no leading zero ({@code 0} alone): what {@link #canonical} would give. */
    private static boolean plainInteger(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        int n = text.length() - start;
        if (n < 1 || n > 18 || (text.charAt(start) == '0' && (n > 1 || start == 1))) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String canonical(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            BigInteger whole = stripped.toBigIntegerExact();
            return whole.toString();
        }
        return stripped.toPlainString();
    }

    /**
     * The value of a literal as written in {@code dialect}: a number, or a plain {@code '...'} string ({@code ''}
     * for a quote). Null for what this does not vouch for: prefixed or dollar-quoted strings, MySQL strings with
     * backslash escapes, MySQL double-quoted strings.
     */
    public static String decodeLiteral(Dialect dialect, String written) {
        if (written.isEmpty()) {
            return null;
        }
        char first = written.charAt(0);
        if (Character.isDigit(first) || first == '.' || first == '-' || first == '+') {
            return DECIMAL.matcher(written).matches() ? normalise(written) : null;
        }
        if (first != '\'' || written.length() < 2 || written.charAt(written.length() - 1) != '\'') {
            return null;
        }
        String inner = written.substring(1, written.length() - 1);
        if (dialect == Dialect.MYSQL && inner.indexOf('\\') >= 0) {
            return null;
        }
        return normalise(inner.replace("''", "'"));
    }
}
