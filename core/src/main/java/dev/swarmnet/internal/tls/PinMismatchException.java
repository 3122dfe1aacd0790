package dev.swarmnet.internal.tls;

import java.security.cert.CertificateException;

/** The gateway's certificate is not the pinned one; raised inside the TLS handshake, found again in its cause chain. */
final class PinMismatchException extends CertificateException {
    private static final long serialVersionUID = 1L;

    PinMismatchException(String message) {
        super(message);
    }
}
