package io.turnout.proxy.control;

import io.turnout.routing.model.Shape;

import java.nio.charset.StandardCharsets;

/**
 * Decides which shape serves a read, deterministically: the bucket (0..9999) comes from a hash of a sticky key (the
 * table key's value in the statement, else the session's identity) mixed with the migration id. A key is served from
 * the new shape when its bucket is below {@code percent * 100}, so raising the percentage only ever moves keys from
 * old to new, and one key never flips back and forth while the percentage holds.
 */
public final class ReadRouter {

    private static final int BUCKETS = 10_000;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final String COMPARE_SUFFIX = "#compare";
    private static final int COMPARE_SCALE = pow31(COMPARE_SUFFIX.length());

    private ReadRouter() {
    }

    public static Shape route(MigrationState state, long stickyKey) {
        double percent = state.effectiveReadPercent();
        if (percent <= 0) {
            return Shape.OLD;
        }
        if (percent >= 100) {
            return Shape.NEW;
        }
        return bucket(state.id(), stickyKey) < percent * 100 ? Shape.NEW : Shape.OLD;
    }

    /** Whether this read is one of the sampled ones whose other shape is read and compared. */
    public static boolean sampleForCompare(MigrationState state, long statementNonce) {
        double percent = state.effectiveComparePercent();
        return percent > 0 && (percent >= 100
                || bucket(compareHash(state.id()), statementNonce) < percent * 100);
    }

    static int bucket(String migrationId, long key) {
        return bucket(migrationId.hashCode(), key);
    }

    private static int bucket(int idHash, long key) {
        long h = mix(key ^ (idHash * 0x9E3779B97F4A7C15L));
        return (int) Long.remainderUnsigned(h, BUCKETS);
    }

    /**
     * {@code (migrationId + "#compare").hashCode()} without building the string on every read: a String's hash is
     * {@code h(a + b) = h(a) * 31^len(b) + h(b)} in int arithmetic.
     */
    static int compareHash(String migrationId) {
        return migrationId.hashCode() * COMPARE_SCALE + COMPARE_SUFFIX.hashCode();
    }

    private static int pow31(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 31;
        }
        return p;
    }

    /** A sticky key from text: a key value as it appears in SQL or parameters, or a session identity. */
    public static long key(String text) {
        long h = FNV_OFFSET;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return keyOfBytes(text); // beyond ASCII: hashed as its UTF-8 bytes, as every key is
            }
            h = (h ^ c) * FNV_PRIME; // an ASCII char is its own UTF-8 byte: no bytes made for the usual key
        }
        return mix(h);
    }

    private static long keyOfBytes(String text) {
        long h = FNV_OFFSET;
        for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (x & 0xFF)) * FNV_PRIME;
        }
        return mix(h);
    }

    /**
     * {@code key(Long.toString(value))} without making the text: a key bound as a binary integer hashes as the same
     * key written in SQL or bound as text.
     */
    public static long key(long value) {
        long h = FNV_OFFSET;
        if (value < 0) {
            h = (h ^ '-') * FNV_PRIME;
        }
        long n = value < 0 ? value : -value; // counted on the negative side, where Long.MIN_VALUE fits
        long unit = 1;
        while (n / unit <= -10) {
            unit *= 10;
        }
        for (; unit > 0; unit /= 10) {
            h = (h ^ ('0' - (n / unit) % 10)) * FNV_PRIME;
        }
        return mix(h);
    }

    /** The session's identity as a sticky key when the statement carries no key value. */
    public static long sessionKey(String user, String applicationName, String clientAddress) {
        return key(user + '\u0000' + applicationName + '\u0000' + clientAddress);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
