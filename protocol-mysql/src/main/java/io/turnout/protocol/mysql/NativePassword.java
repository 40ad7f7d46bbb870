package io.turnout.protocol.mysql;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
  * mysql_native_password maths. The client sends
  * {@code SHA1(password) XOR SHA1(scramble || SHA1(SHA1(password)))}; the server stores
  * {@code SHA1(SHA1(password))} and checks the reply against it.
  */
public final class NativePassword {
    public static final String PLUGIN = "mysql_native_password";

    private NativePassword() {}

    /** The 20-byte auth response for {@code password} and the server's 20-byte scramble; empty for no password. */
    public static byte[] scramble(byte[] password, byte[] scramble) {
        if (password.length == 0) {
            return new byte[0];
        }
        MessageDigest sha1 = sha1();
        byte[] stage1 = sha1.digest(password);
        byte[] stage2 = sha1.digest(stage1);
        sha1.update(scramble, 0, Math.min(scramble.length, 20));
        sha1.update(stage2);
        byte[] mask = sha1.digest();
        for (int i = 0; i < stage1.length; i++) {
            stage1[i] ^= mask[i];
        }
        return stage1;
    }

    /** What the server stores: SHA1(SHA1(password)), shown by MySQL as '*' and 40 upper-case hex digits. */
    public static byte[] storedHash(byte[] password) {
        MessageDigest sha1 = sha1();
        return sha1.digest(sha1.digest(password));
    }

    /** The server's check: SHA1(reply XOR SHA1(scramble || stored)) == stored. */
    public static boolean verify(byte[] reply, byte[] scramble, byte[] stored) {
        if (reply.length != 20) {
            return false;
        }
        MessageDigest sha1 = sha1();
        sha1.update(scramble, 0, Math.min(scramble.length, 20));
        sha1.update(stored);
        byte[] mask = sha1.digest();
        byte[] stage1 = reply.clone();
        for (int i = 0; i < stage1.length; i++) {
            stage1[i] ^= mask[i];
        }
        return MessageDigest.isEqual(sha1.digest(stage1), stored);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }
}
