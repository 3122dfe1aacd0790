package dev.swarmnet.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small PEM reader: X.509 certificates ({@code BEGIN CERTIFICATE}) and unencrypted private keys in
 * PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or EdDSA), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or
 * SEC 1 ({@code BEGIN EC PRIVATE KEY}). The last two are rewrapped as PKCS#8 (a few DER bytes around
 * the original). Anything else is refused with the openssl command that converts it. Problems are
 * {@link IllegalArgumentException}s naming the file.
 */
public final class Pem {
    /** The command that turns any key openssl reads (PKCS#1, SEC 1, encrypted) into what this class reads. */
    static final String CONVERT_KEY = "convert it with: openssl pkey -in KEY.pem -out KEY-pkcs8.pem";

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** DER of the AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** DER of the OID id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    /** One PEM block. */
    record Block(String label, byte[] der) {
    }

    private Pem() {
    }

    /** Every certificate in {@code file}, in order (a chain starts with the leaf). */
    public static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file)) {
                if (b.label().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("cannot read a certificate in " + file + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The first private key in {@code file}. */
    public static PrivateKey privateKey(Path file) {
        for (Block b : blocks(file)) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der(), file);
                case "RSA PRIVATE KEY":
                    return pkcs8(sequence(VERSION_0, RSA_ALGORITHM, octetString(b.der())), file);
                case "EC PRIVATE KEY":
                    return pkcs8(sec1ToPkcs8(b.der(), file), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new IllegalArgumentException(file + " holds an encrypted private key, which swarmnet does not"
                            + " decrypt; " + CONVERT_KEY + " (keep it readable only by the gateway's user),"
                            + " or use a PKCS#12 key store with a password instead");
                default:
                    if (b.label().endsWith("PRIVATE KEY")) {
                        throw new IllegalArgumentException(file + " holds a '" + b.label() + "' key, which swarmnet"
                                + " does not read; " + CONVERT_KEY);
                    }
            }
        }
        throw new IllegalArgumentException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    static List<Block> blocks(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) { // RFC 1421 headers: "Proc-Type: 4,ENCRYPTED", "DEK-Info: ..."
                throw new IllegalArgumentException(file + " holds an encrypted (or header-carrying) '" + m.group(1)
                        + "' block, which swarmnet does not read; " + CONVERT_KEY);
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getDecoder().decode(body.replaceAll("\\s+", ""))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the '" + m.group(1) + "' block in " + file + " is not valid base64",
                        e);
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(file + " is not a PEM file (no -----BEGIN ...----- block)");
        }
        return blocks;
    }

    private static PrivateKey pkcs8(byte[] der, Path file) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "EdDSA", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("the private key in " + file + " is not an RSA, EC or EdDSA key that this"
                + " JDK can read; " + CONVERT_KEY);
    }

    /**
     * SEC 1 ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] curve OID, [1] public key }:
     * PKCS#8 wants the curve in its AlgorithmIdentifier, so it is copied there.
     */
    private static byte[] sec1ToPkcs8(byte[] sec1, Path file) {
        Der d = new Der(sec1);
        byte[] curve = null;
        try {
            Der outer = d.enter(0x30);
            outer.skip(0x02);
            outer.skip(0x04);
            if (outer.hasMore() && outer.peekTag() == 0xA0) {
                curve = outer.enter(0xA0).element(0x06);
            }
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("the EC private key in " + file + " is malformed: " + e.getMessage());
        }
        if (curve == null) {
            throw new IllegalArgumentException("the EC private key in " + file + " does not name its curve; " + CONVERT_KEY);
        }
        return sequence(VERSION_0, sequence(EC_PUBLIC_KEY_OID, curve), octetString(sec1));
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        return tagged(0x30, content.toByteArray());
    }

    private static byte[] octetString(byte[] content) {
        return tagged(0x04, content);
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** Just enough DER reading to find the curve of a SEC 1 key. */
    private static final class Der {
        private final byte[] data;
        private int pos;
        private final int end;

        Der(byte[] data) {
            this(data, 0, data.length);
        }

        private Der(byte[] data, int from, int end) {
            this.data = data;
            this.pos = from;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        int peekTag() {
            return data[pos] & 0xFF;
        }

        /** The content of the next element, which must have {@code tag}, as a reader. */
        Der enter(int tag) {
            int length = header(tag);
            Der inner = new Der(data, pos, pos + length);
            pos += length;
            return inner;
        }

        void skip(int tag) {
            int length = header(tag); // before reading pos: header() moves it past the tag and length
            pos += length;
        }

        /** The next element with {@code tag}, header included. */
        byte[] element(int tag) {
            int start = pos;
            int length = header(tag);
            pos += length;
            return java.util.Arrays.copyOfRange(data, start, pos);
        }

        private int header(int tag) {
            if (pos + 2 > end || (data[pos] & 0xFF) != tag) {
                throw new IllegalStateException("expected DER tag 0x" + Integer.toHexString(tag));
            }
            pos++;
            int first = data[pos++] & 0xFF;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int bytes = first & 0x7F;
                if (bytes < 1 || bytes > 3 || pos + bytes > end) {
                    throw new IllegalStateException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (data[pos++] & 0xFF);
                }
            }
            if (pos + length > end) {
                throw new IllegalStateException("DER element longer than its container");
            }
            return length;
        }
    }
}
