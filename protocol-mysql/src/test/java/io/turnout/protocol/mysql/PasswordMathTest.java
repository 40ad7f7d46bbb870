package io.turnout.protocol.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/** Known-answer tests; the expected values were computed independently with Python's hashlib. */
class PasswordMathTest {
    private static final byte[] SECRET = "secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCRAMBLE = Hex.bytes("01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14");

    @Test
    void nativeStoredHashMatchesServerPasswordFunction() {
        // SELECT PASSWORD('secret') on MariaDB / MySQL 5.7
        assertEquals("14E65567ABDB5135D0CFD9A70B3032C179A49EE7",
                ByteBufUtil.hexDump(NativePassword.storedHash(SECRET)).toUpperCase());
        assertEquals("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19",
                ByteBufUtil.hexDump(NativePassword.storedHash("password".getBytes(StandardCharsets.UTF_8))).toUpperCase());
    }

    @Test
    void nativeScramble() {
        byte[] reply = NativePassword.scramble(SECRET, SCRAMBLE);
        assertArrayEquals(Hex.bytes("b32bb3a583e1340c0a1108d58b1be49781ad8c2f"), reply);
        assertTrue(NativePassword.verify(reply, SCRAMBLE, NativePassword.storedHash(SECRET)));
        assertFalse(NativePassword.verify(reply, SCRAMBLE, NativePassword.storedHash("other".getBytes())));
        assertEquals(0, NativePassword.scramble(new byte[0], SCRAMBLE).length);
    }

    @Test
    void nativeScrambleIgnoresTrailingNulOfServerData() {
        byte[] withNul = java.util.Arrays.copyOf(SCRAMBLE, 21);
        assertArrayEquals(NativePassword.scramble(SECRET, SCRAMBLE), NativePassword.scramble(SECRET, withNul));
    }

    @Test
    void cachingSha2Scramble() {
        byte[] reply = CachingSha2Password.scramble(SECRET, SCRAMBLE);
        assertArrayEquals(Hex.bytes("746ebe205d56a0707acb3e796e834e0dd7b1d61743b26bd5202c7a623230c7c9"), reply);
        byte[] cached = sha256(sha256(SECRET));
        assertTrue(CachingSha2Password.verify(reply, SCRAMBLE, cached));
        assertFalse(CachingSha2Password.verify(reply, SCRAMBLE, sha256(cached)));
    }

    @Test
    void fullAuthXorAndRsaRoundTrip() throws Exception {
        assertArrayEquals(Hex.bytes("72676076607207"), CachingSha2Password.xorWithScramble(SECRET, SCRAMBLE));
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        byte[] sealed = CachingSha2Password.encryptPassword(SECRET, SCRAMBLE, pem);
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        cipher.init(Cipher.DECRYPT_MODE, pair.getPrivate());
        assertArrayEquals(Hex.bytes("72676076607207"), cipher.doFinal(sealed));
        assertArrayEquals(SECRET, CachingSha2Password.decryptPassword(sealed, SCRAMBLE, pair.getPrivate()));
        assertEquals(pem, CachingSha2Password.toPem(pair.getPublic()));
    }

    private static byte[] sha256(byte[] in) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(in);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
