package dev.swarmnet.bench;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lets gRPC carry plain byte[] messages, so the comparison measures the transport and
 * not protobuf encoding (the other contenders do not encode their payloads either).
 */
final class ByteArrayMarshaller implements MethodDescriptor.Marshaller<byte[]> {

    static final ByteArrayMarshaller INSTANCE = new ByteArrayMarshaller();

    private ByteArrayMarshaller() {
    }

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot read message").withCause(e).asRuntimeException();
        }
    }
}
