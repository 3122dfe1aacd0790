/**
 * File transfer pieces shared by both sides, the gateway and the client: sending a file's bytes with their
 * checksum ({@code FileSender}, {@code ChecksumCache}, {@code WholeFileChecksum}), receiving and verifying them
 * into place ({@code FileReceiver}, {@code FileWriters}, {@code BodyBuffers}, {@code TurnTakingWrites}), and the
 * log of verified ranges a resumable transfer keeps ({@code RangeLog}). What only one side runs is in
 * {@code internal.client.transfer} or {@code internal.gateway.files}; the frame codec is in
 * {@code internal.wire.files}.
 */
package dev.swarmnet.internal.transfer;
