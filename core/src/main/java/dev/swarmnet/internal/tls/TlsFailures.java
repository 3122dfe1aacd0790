package dev.swarmnet.internal.tls;

import dev.swarmnet.SwarmnetException;
import java.util.Locale;

/**
 * JSSE's handshake failures in words a swarmnet user can act on: which side refused what, and which
 * setting to change. The original exception stays attached as the cause.
 */
public final class TlsFailures {
    private TlsFailures() {
    }

    /** A controller's TLS failure talking to {@code gateway} ("host:port"). */
    public static SwarmnetException controllerSide(Exception e, String gateway, String host, ClientTls tls) {
        PinMismatchException pin = find(e, PinMismatchException.class);
        if (pin != null) {
            return new SwarmnetException("TLS: refusing gateway " + gateway + ": " + pin.getMessage()
                    + " (TlsConfig.client().pinSha256)", e);
        }
        String all = messages(e);
        String why;
        if (all.contains("unsupported or unrecognized ssl message") || all.contains("plaintext connection")) {
            why = "the gateway answered without TLS: it is a plain gateway. Configure Gateway.builder().tls(...) there,"
                    + " or leave tls(...) out of this controller";
        } else if (all.contains("no subject alternative") || all.contains("no name matching")) {
            why = "the gateway's certificate does not name '" + host + "'. Connect by a name or address the"
                    + " certificate carries (its subject alternative names), or, for IP-only deployments whose"
                    + " certificates carry no usable name, use TlsConfig.client().hostnameVerification(false)";
        } else if (all.contains("pkix path") || all.contains("certification path")) {
            why = "the gateway's certificate is not signed by a CA this controller trusts"
                    + " (TlsConfig.client().trustCertificates or trustStore)";
        } else if ((all.contains("certificate_required") || all.contains("bad_certificate")) && !tls.presentsCertificate()) {
            why = "the gateway requires a client certificate; configure TlsConfig.client().clientCertificate(...)"
                    + " or clientKeyStore(...)";
        } else if (all.contains("certificate_unknown") || all.contains("unknown_ca") || all.contains("bad_certificate")
                || all.contains("certificate_required")) {
            // certificate_required with a certificate configured: newer JDKs send none whose issuer the gateway
            // did not name among the CAs it accepts, so the gateway sees none
            why = tls.presentsCertificate()
                    ? "the gateway did not accept this controller's client certificate (is it signed by a CA the"
                            + " gateway trusts?)"
                    : "the gateway refused the handshake: " + e.getMessage();
        } else if (all.contains("validity check failed") || all.contains("certificate expired")
                || all.contains("notafter")) {
            why = "the gateway's certificate has expired or is not valid yet";
        } else {
            why = e.getMessage();
        }
        return new SwarmnetException("TLS handshake with gateway " + gateway + " failed: " + why, e);
    }

    /** Why a client's TLS handshake with a gateway failed, for the gateway's log line. */
    public static String gatewaySide(Exception e) {
        String all = messages(e);
        if (all.contains("empty client certificate chain") || all.contains("certificate_required")) {
            return "the client presented no certificate, and this gateway requires one";
        }
        if (all.contains("certificate_unknown") || all.contains("bad_certificate") || all.contains("unknown_ca")) {
            return "the client rejected this gateway's certificate (" + e.getMessage() + ")";
        }
        if (all.contains("pkix path") || all.contains("certification path")) {
            return "the client's certificate is not signed by a CA this gateway trusts";
        }
        if (find(e, java.net.SocketException.class) != null || find(e, java.io.EOFException.class) != null
                || e.getMessage() == null || all.contains("readhandshakerecord")) {
            return "the client closed the connection during the handshake (did it reject this gateway's certificate?)";
        }
        return e.getMessage();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }
}
