package dev.swarmnet.internal.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 certificate fingerprints: parsing the forms people paste, and printing them. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /**
     * The 32 bytes of a fingerprint written in hex, with or without ':' or spaces between the bytes
     * (as {@code keytool -printcert} and {@code openssl x509 -fingerprint -sha256} print them).
     */
    public static byte[] parseSha256(String text) {
        String hex = text.strip().replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a SHA-256 pin is 64 hex digits (optionally in ':'-separated pairs),"
                    + " got '" + text + "'");
        }
        return HexFormat.of().parseHex(hex);
    }

    public static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate: " + e, e);
        }
    }

    /** AB:CD:... upper case, the way keytool prints it. */
    public static String format(byte[] digest) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }
}
