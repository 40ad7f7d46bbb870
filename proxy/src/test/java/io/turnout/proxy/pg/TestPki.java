package io.turnout.proxy.pg;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away certificate authority for tests: signs server certificates for the names and IP addresses asked for
 * and writes PEM files (keys as PKCS#8, mode 0600 as PostgreSQL demands).
 */
final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final String name;
    private final KeyPair caKey;
    private final X509CertificateHolder caCert;

    private TestPki(String name, KeyPair caKey, X509CertificateHolder caCert) {
        this.name = name;
        this.caKey = caKey;
        this.caCert = caCert;
    }

    static TestPki create(String name) {
        KeyPair key = rsaKey();
        X500Name subject = new X500Name("CN=" + name + " test CA");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, nextSerial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                key.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestPki(name, key, b.build(signer(key)));
    }

    static KeyPair rsaKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the CA certificate to {@code file}. */
    Path writeCaCertificate(Path file) {
        return writePem(file, "CERTIFICATE", encoded(caCert), false);
    }

    /**
     * A server certificate signed by this CA for {@code dnsName} and {@code ipAddress} (either may be null), with
     * the subject CN {@code dnsName} (or the IP address).
     */
    byte[] serverCertificate(KeyPair key, String dnsName, String ipAddress) {
        String cn = dnsName != null ? dnsName : ipAddress;
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert.getSubject(), nextSerial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                new X500Name("CN=" + cn), key.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            GeneralNames names = dnsName == null ? new GeneralNames(new GeneralName(GeneralName.iPAddress, ipAddress))
                    : ipAddress == null ? new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName))
                    : new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, dnsName),
                        new GeneralName(GeneralName.iPAddress, ipAddress)});
            b.addExtension(Extension.subjectAlternativeName, false, names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return encoded(b.build(signer(caKey)));
    }

    static Path writeCertificate(Path file, byte[] der) {
        return writePem(file, "CERTIFICATE", der, false);
    }

    static Path writeKey(Path file, KeyPair key) {
        return writePem(file, "PRIVATE KEY", key.getPrivate().getEncoded(), true);
    }

    private static Path writePem(Path file, String type, byte[] der, boolean secret) {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        try {
            Files.writeString(file, pem);
            if (secret) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encoded(X509CertificateHolder cert) {
        try {
            return cert.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static org.bouncycastle.operator.ContentSigner signer(KeyPair key) {
        try {
            return new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger nextSerial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    @Override
    public String toString() {
        return name + " test CA";
    }
}
