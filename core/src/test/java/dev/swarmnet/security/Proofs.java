package dev.swarmnet.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared-secret proofs as docs/PROTOCOL.md section 2.2 defines them, computed independently of the library's
 * own code, for tests that play one side of the handshake by hand.
 */
final class Proofs {
    static final String CLIENT = "swarmnet auth v1 client";
    static final String GATEWAY = "swarmnet auth v1 gateway";

    private Proofs() {
    }

    /** HMAC-SHA256(secret, context | gateway nonce | client nonce). */
    static byte[] hmac(String secret, String context, byte[] gatewayNonce, byte[] clientNonce) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(context.getBytes(StandardCharsets.US_ASCII));
        mac.update(gatewayNonce);
        mac.update(clientNonce);
        return mac.doFinal();
    }

    /** {@code n} random bytes (a nonce). */
    static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
