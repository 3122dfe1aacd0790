package dev.swarmnet.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of a gateway and its controllers, and the challenge/response computed with it
 * (docs/PROTOCOL.md, "Authentication"). The secret itself never leaves this object: peers exchange
 * fresh nonces and HMAC-SHA256 proofs over them, in both directions, with a different context string
 * per direction so that one side's proof can never be reflected as the other's.
 */
public final class SharedSecret {
    /** Bytes of every nonce and every proof. */
    public static final int NONCE_SIZE = 32;
    public static final int PROOF_SIZE = 32;
    /** Shortest secret accepted; 32 random bytes are recommended. */
    public static final int MIN_SECRET_BYTES = 16;
    private static final int MAX_SECRET_BYTES = 64 * 1024;

    private static final byte[] CLIENT_CONTEXT = "swarmnet auth v1 client".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GATEWAY_CONTEXT = "swarmnet auth v1 gateway".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SharedSecret(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A copy of {@code secret} (the caller may wipe its array afterwards). */
    public static SharedSecret of(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("a secret must have " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES
                    + " bytes (32 random bytes are recommended), got " + secret.length);
        }
        byte[] copy = secret.clone();
        SharedSecret s = new SharedSecret(copy);
        Arrays.fill(copy, (byte) 0); // SecretKeySpec keeps its own copy
        return s;
    }

    /** The UTF-8 bytes of {@code secret}. */
    public static SharedSecret of(String secret) {
        Objects.requireNonNull(secret, "secret");
        return of(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #NONCE_SIZE} fresh random bytes. */
    public static byte[] nonce() {
        byte[] nonce = new byte[NONCE_SIZE];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** What the client sends: HMAC(secret, "swarmnet auth v1 client" | gateway nonce | client nonce). */
    public byte[] clientProof(byte[] gatewayNonce, byte[] clientNonce) {
        return hmac(CLIENT_CONTEXT, gatewayNonce, clientNonce);
    }

    /** What the gateway answers: HMAC(secret, "swarmnet auth v1 gateway" | gateway nonce | client nonce). */
    public byte[] gatewayProof(byte[] gatewayNonce, byte[] clientNonce) {
        return hmac(GATEWAY_CONTEXT, gatewayNonce, clientNonce);
    }

    /** Compares in constant time. */
    public boolean isClientProof(byte[] gatewayNonce, byte[] clientNonce, byte[] proof) {
        return MessageDigest.isEqual(clientProof(gatewayNonce, clientNonce), proof);
    }

    /** Compares in constant time. */
    public boolean isGatewayProof(byte[] gatewayNonce, byte[] clientNonce, byte[] proof) {
        return MessageDigest.isEqual(gatewayProof(gatewayNonce, clientNonce), proof);
    }

    private byte[] hmac(byte[] context, byte[] gatewayNonce, byte[] clientNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(context);
            mac.update(gatewayNonce);
            mac.update(clientNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "SharedSecret[hidden]";
    }
}
