package io.turnout.protocol.mysql;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;

/**
  * caching_sha2_password (and sha256_password) maths.
  *
  * <ul>
  *   <li>fast path: the client sends {@code SHA256(p) XOR SHA256(SHA256(SHA256(p)) || scramble)};</li>
  *   <li>full path over TLS: the password in clear, NUL-terminated;</li>
  *   <li>full path over plain TCP: {@code (p || 0x00) XOR scramble} (scramble repeated) encrypted with
  *       the server's RSA public key, RSA/ECB/OAEP with SHA-1 and MGF1.</li>
  * </ul>
  */
public final class CachingSha2Password {
    public static final String PLUGIN = "caching_sha2_password";

    private CachingSha2Password() {}

    /** The 32-byte fast-path reply; empty for an empty password. */
    public static byte[] scramble(byte[] password, byte[] scramble) {
        if (password.length == 0) {
            return new byte[0];
        }
        MessageDigest sha256 = sha256();
        byte[] stage1 = sha256.digest(password);
        byte[] stage2 = sha256.digest(stage1);
        sha256.update(stage2);
        sha256.update(scramble, 0, Math.min(scramble.length, 20));
        byte[] mask = sha256.digest();
        for (int i = 0; i < stage1.length; i++) {
            stage1[i] ^= mask[i];
        }
        return stage1;
    }

    /** The server's fast-path check against its cached SHA256(SHA256(p)). */
    public static boolean verify(byte[] reply, byte[] scramble, byte[] cachedDoubleHash) {
        if (reply.length != 32) {
            return false;
        }
        MessageDigest sha256 = sha256();
        sha256.update(cachedDoubleHash);
        sha256.update(scramble, 0, Math.min(scramble.length, 20));
        byte[] mask = sha256.digest();
        byte[] stage1 = reply.clone();
        for (int i = 0; i < stage1.length; i++) {
            stage1[i] ^= mask[i];
        }
        return MessageDigest.isEqual(sha256.digest(stage1), cachedDoubleHash);
    }

    /** {@code (password || 0x00) XOR scramble}, the scramble repeated as needed. */
    public static byte[] xorWithScramble(byte[] password, byte[] scramble) {
        byte[] out = new byte[password.length + 1];
        System.arraycopy(password, 0, out, 0, password.length);
        for (int i = 0; i < out.length; i++) {
            out[i] ^= scramble[i % scramble.length];
        }
        return out;
    }

    /** Encrypts the full-path reply with the server's PEM public key ("-----BEGIN PUBLIC KEY-----"). */
    public static byte[] encryptPassword(byte[] password, byte[] scramble, String pemPublicKey) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            cipher.init(Cipher.ENCRYPT_MODE, parsePublicKey(pemPublicKey));
            return cipher.doFinal(xorWithScramble(password, scramble));
        } catch (GeneralSecurityException e) {
            throw new MySqlProtocolException("cannot encrypt password with the server's RSA key: " + e.getMessage());
        }
    }

    /**
     * The server side of the full path over plain TCP: decrypts with {@code privateKey}, removes the scramble and
     * the terminating NUL, and returns the password.
     */
    public static byte[] decryptPassword(byte[] sealed, byte[] scramble, PrivateKey privateKey) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            cipher.init(Cipher.DECRYPT_MODE, privateKey);
            byte[] plain = cipher.doFinal(sealed);
            for (int i = 0; i < plain.length; i++) {
                plain[i] ^= scramble[i % scramble.length];
            }
            int length = plain.length > 0 && plain[plain.length - 1] == 0 ? plain.length - 1 : plain.length;
            byte[] password = java.util.Arrays.copyOf(plain, length);
            java.util.Arrays.fill(plain, (byte) 0);
            return password;
        } catch (GeneralSecurityException e) {
            throw new MySqlProtocolException("cannot decrypt the RSA-encrypted password: " + e.getMessage());
        }
    }

    /** PEM text ("-----BEGIN PUBLIC KEY-----") of an RSA public key, as servers send it in AuthMoreData. */
    public static String toPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public static PublicKey parsePublicKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
